//! Hot-seat: the hand-over screen hides the map between the two sides' planning.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};
use ratatui::Frame;

use crate::sim::map::Side;
use crate::ui::session::Session;
use crate::ui::shared::Ui;

use super::side_tag;
use crate::ui::layout::centred;

pub fn draw(ui: &Ui, s: &Session, f: &mut Frame, area: Rect, side: Side) {
    let t = &ui.theme;
    f.render_widget(Clear, area);
    let day = s.game().day() + 1;
    let unseen = s.unseen[side.index()];
    let r = centred(area, 64, 15);
    let mut lines = vec![
        Line::from(vec![
            Span::raw("Pass the keyboard to "),
            Span::styled(format!("{} [{}]", side.name(), side_tag(side)), t.side_style(side)),
            Span::raw("."),
        ]),
        Line::raw(""),
        Line::raw(
            "The map is hidden so that neither player sees the other's plans or what the other side has detected.",
        ),
        Line::raw(
            "The two players share one save file: it holds both sides' orders, and anyone who opens it \
             with --reveal reads both sides.",
        ),
        Line::raw(""),
    ];
    if let Some(d) = unseen {
        lines.push(Line::raw(format!("Day {d} has been resolved; you will see it from your side first.")));
    }
    lines.push(Line::raw(format!("Then plan day {day}.")));
    lines.push(Line::raw(""));
    lines.push(Line::from(vec![
        Span::styled("Enter", t.key),
        Span::raw(format!(" — I play {} and I am ready    ", side.name())),
        Span::styled("q", t.key),
        Span::raw(" quit"),
    ]));
    let block = Block::bordered()
        .title(Line::styled(format!(" Hand-over — day {day} "), t.title))
        .border_style(t.side_style(side));
    f.render_widget(Paragraph::new(lines).block(block).wrap(Wrap { trim: true }), r);
}
