//! The end of the game: who won and why, with the game's figures and charts.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};
use ratatui::Frame;

use crate::ui::session::Session;
use crate::ui::shared::Ui;

use super::report::{draw_charts, draw_figures};
use super::side_tag;

/// Who gained what and who holds which objectives, in one sentence: what the result rests on.
pub fn standing(s: &Session) -> String {
    let v = &s.picture.view;
    let sc = s.game().scenario();
    let held: Vec<String> = sc
        .objectives
        .iter()
        .zip(&v.objectives)
        .filter(|(_, st)| st.ru_holds)
        .map(|(o, _)| format!("{} ({})", o.name, o.points))
        .collect();
    let points: u32 =
        sc.objectives.iter().zip(&v.objectives).filter(|(_, st)| st.ru_holds).map(|(o, _)| o.points).sum();
    let total: u32 = sc.objectives.iter().map(|o| o.points).sum();
    let objectives = if held.is_empty() { "none".to_string() } else { held.join(", ") };
    format!(
        "Ground taken: Russia {:.0} km², Ukraine {:.0} km². Objectives Russia holds: {objectives} — {points} of {total} points \
         (Russia wins with {}, Ukraine with Russia below {}).",
        v.ground_gained_km2[0], v.ground_gained_km2[1], sc.victory.ru_points_to_win, sc.victory.ua_wins_below
    )
}

pub fn draw(ui: &Ui, s: &Session, f: &mut Frame, area: Rect) {
    let t = &ui.theme;
    let block = Block::bordered()
        .title(Line::styled(
            " The war, as it ended — A after-action report · Enter looks at the map · q quits ",
            t.title,
        ))
        .border_style(t.key);
    let inner = block.inner(area);
    f.render_widget(block, area);
    let [head, figures, charts] = Layout::vertical([
        Constraint::Length(if inner.height >= 30 { 7 } else { 5 }),
        Constraint::Length(6),
        Constraint::Min(0),
    ])
    .areas(inner);
    let (verdict, reason, day) = match s.game().outcome() {
        Some(o) => (
            match o.winner {
                Some(w) => Line::from(vec![
                    Span::styled(format!("{} [{}] wins", w.name(), side_tag(w)), t.side_style(w)),
                    Span::raw(if s.human()[w.index()] && !s.hotseat() { " — you won." } else { "." }),
                ]),
                None => Line::styled("No winner: the war goes on.", t.title),
            },
            crate::words::end_reason(&o.reason),
            o.day,
        ),
        None => (Line::styled("The game is not over.", t.title), String::new(), s.game().day()),
    };
    f.render_widget(
        Paragraph::new(vec![
            verdict,
            Line::raw(standing(s)),
            Line::styled(format!("After {day} days: {reason}"), t.dim),
        ])
        .wrap(Wrap { trim: true }),
        head,
    );
    draw_figures(t, s, f, figures);
    draw_charts(t, s, f, charts);
}
