//! The list of planned orders (`o`): each unit with its order in words, the route's day count
//! for a move, the engine's odds for an assault; the chosen one highlighted.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};
use ratatui::Frame;

use crate::sim::orders::Order;
use crate::ui::board::Board;
use crate::ui::event_words::order_text;
use crate::ui::session::route_words;
use crate::ui::shared::Ui;

use super::{side_tag, unit_glyph};

pub fn draw(ui: &Ui, b: &Board, at: usize, f: &mut Frame, area: Rect) {
    let t = &ui.theme;
    let s = &b.session;
    let map = s.game().map();
    let orders = s.orders();
    let rows = area.height.saturating_sub(2) as usize;
    let first = at.saturating_sub(rows.saturating_sub(1));
    let mut lines = Vec::new();
    for (k, o) in orders.iter().enumerate().skip(first).take(rows) {
        let mut spans = Vec::new();
        match s.own(o.unit()) {
            Some(u) => {
                spans.push(Span::styled(format!(" {} ", unit_glyph(u.side, u.kind)), t.side_style(u.side)));
                spans.push(Span::raw(format!("{:<28}", u.label)));
            }
            None => spans.push(Span::raw(format!("   {:<28}", s.names.label(o.unit())))),
        }
        let mut what = order_text(o, map);
        if let Order::Move { to, .. } | Order::Withdraw { to, .. } = *o {
            if let Some((route, today)) = s.route(o.unit(), to, matches!(o, Order::Withdraw { .. })) {
                what.push_str(&route_words(&route, today, to));
            }
        }
        spans.push(Span::raw(what));
        if let Order::Assault { unit, target } = *o {
            let odds = s.game().referee(&s.picture.view).assault_odds(&s.attackers(unit, target), target);
            spans.push(Span::styled(format!("  odds {:.0}%", odds.success * 100.0), super::quality(t, odds.success)));
        }
        let mut line = Line::from(spans);
        if k == at {
            line = line.patch_style(t.selected);
        }
        lines.push(line);
    }
    let undo = ui.keys.hint(crate::ui::keymap::Ctx::Orders, crate::ui::action::Action::Undo);
    let title = format!(
        " Planned orders of {} [{}]: {} · ↑↓ choose · Enter go to · x cancel · {undo} undo · Esc close ",
        s.viewer.name(),
        side_tag(s.viewer),
        orders.len()
    );
    let block = Block::bordered().title(Line::styled(title, t.title)).border_style(t.key);
    f.render_widget(Paragraph::new(lines).block(block), area);
}
