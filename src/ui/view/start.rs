//! The start screen: scenario (with its briefing), side, opponent and seed.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};
use ratatui::Frame;

use crate::sim::map::Side;
use crate::ui::action::Field;
use crate::ui::screen::start::{ResumeInfo, StartScreen};
use crate::ui::shared::Ui;

use super::side_tag;

pub fn draw(ui: &Ui, form: &StartScreen, f: &mut Frame, area: Rect) {
    let t = &ui.theme;
    let [head, body, foot] =
        Layout::vertical([Constraint::Length(3), Constraint::Min(0), Constraint::Length(2)]).areas(area);
    f.render_widget(
        Paragraph::new(vec![
            Line::styled("A T T R I T I O N", t.title),
            Line::styled("a turn-based wargame of front-line attrition · Pokrovsk–Toretsk sector, 2025", t.dim),
        ])
        .alignment(ratatui::layout::Alignment::Center),
        head,
    );
    // An error (a save that does not resume, say) is wrapped below the fields, whole: as many
    // rows as the wrapped paragraph takes, indented by three columns.
    let error = form.error.as_ref().map(|e| Paragraph::new(Line::styled(e.clone(), t.bad)).wrap(Wrap { trim: true }));
    let error_rows = error.as_ref().map_or(0, |p| p.line_count(body.width.saturating_sub(3)).min(8) as u16);
    let rows = if form.games.is_empty() { 8 } else { 9 } + error_rows;
    let [fields_a, brief_a] = Layout::vertical([Constraint::Length(rows), Constraint::Min(0)]).areas(body);
    let field = |f: Field, name: &str, value: Vec<Span<'static>>| {
        let focus = form.field == f;
        let mut sp = vec![
            Span::styled(if focus { " ▶ " } else { "   " }, t.key),
            Span::styled(format!("{name:<10}"), if focus { t.title } else { t.base }),
            Span::raw(if focus { "◀ " } else { "  " }),
        ];
        sp.extend(value);
        if focus {
            sp.push(Span::raw(" ▶"));
        }
        Line::from(sp)
    };
    let sc = form.scenarios.get(form.scenario);
    let side_span = |s: Side| {
        let st = if form.side == s { t.side_style(s).patch(t.selected) } else { t.dim };
        let mark = if form.side == s { "◉" } else { "○" };
        Span::styled(format!(" {mark} {} [{}] ", s.name(), side_tag(s)), st)
    };
    let mut lines = Vec::new();
    if let Some(r) = form.chosen_game() {
        let mut value =
            vec![Span::styled(r.title.clone(), t.title), Span::raw(format!(" · after day {} · {}", r.days, who(r)))];
        if form.games.len() > 1 {
            value.push(Span::styled(format!(" · {} of {}", form.game + 1, form.games.len()), t.dim));
        }
        lines.push(field(Field::Continue, "Continue", value));
    }
    lines.extend([
        field(
            Field::Scenario,
            "Scenario",
            vec![Span::styled(sc.map(|s| s.title.clone()).unwrap_or_else(|| "none found".into()), t.title)],
        ),
        field(Field::Side, "Side", vec![side_span(Side::Ru), Span::raw(" "), side_span(Side::Ua)]),
        field(
            Field::Opponent,
            "Opponent",
            vec![Span::raw(match (form.hotseat, form.ai) {
                (true, _) => "○ strong AI  ○ baseline AI  ◉ hot-seat (two players)",
                (false, crate::ai::AiLevel::Strong) => "◉ strong AI  ○ baseline AI  ○ hot-seat",
                (false, _) => "○ strong AI  ◉ baseline AI  ○ hot-seat",
            })],
        ),
        field(Field::Seed, "Seed", vec![Span::raw(form.seed.to_string()), Span::styled("  (type digits)", t.dim)]),
        Line::raw(""),
        Line::from(vec![
            Span::raw("   "),
            Span::styled(" Enter ", t.key.patch(t.selected)),
            Span::raw(if form.field == Field::Continue { " resume  " } else { " start   " }),
            Span::styled("↑↓", t.key),
            Span::raw(" field  "),
            Span::styled("←→", t.key),
            Span::raw(" change  "),
            Span::styled("w", t.key),
            Span::raw(" what-if  "),
            Span::styled("f", t.key),
            Span::raw(" saved games  "),
            Span::styled("?", t.key),
            Span::raw(" keys  "),
            Span::styled("q", t.key),
            Span::raw(" quit"),
        ]),
    ]);
    let n = lines.len() as u16;
    f.render_widget(Paragraph::new(lines), fields_a);
    if let Some(p) = error {
        let [_, err] = Layout::vertical([Constraint::Length(n), Constraint::Min(0)]).areas(fields_a);
        let [_, err] = Layout::horizontal([Constraint::Length(3), Constraint::Min(0)]).areas(err);
        f.render_widget(p, err);
    }
    let brief = match sc {
        Some(s) => vec![
            Line::styled(format!("{} · {} · {} days", s.title, s.start_date, s.turn_limit), t.title),
            Line::raw(""),
            Line::raw(s.briefing.clone()),
            Line::raw(""),
            Line::styled(
                "Each turn is a day. Both sides give orders, then the day resolves in fixed phases: reconnaissance, \
                 drone strikes, fires, movement and assaults, supply, reinforcement, cohesion and control.",
                t.dim,
            ),
        ],
        None => vec![Line::raw("No scenario is embedded in this build.")],
    };
    if form.field == Field::Continue && !form.games.is_empty() {
        draw_games(t, form, f, brief_a);
    } else {
        f.render_widget(
            Paragraph::new(brief)
                .block(Block::bordered().title(Line::styled(" Briefing ", t.title)).border_style(t.border))
                .wrap(Wrap { trim: true }),
            brief_a,
        );
    }
    f.render_widget(
        Paragraph::new(Line::styled(format!("Theme: {} ({}) — T changes it", t.palette.name(), t.depth.name()), t.dim))
            .alignment(ratatui::layout::Alignment::Center),
        foot,
    );
}

/// Who played a saved game: "Ukraine [UA] vs strong AI", "hot-seat".
fn who(r: &ResumeInfo) -> String {
    match (r.players.hotseat, r.players.human) {
        (true, _) => "hot-seat".to_string(),
        (false, Some(s)) => format!("{} [{}] vs {} AI", s.name(), side_tag(s), r.players.ai.name()),
        (false, None) => "computer vs computer".to_string(),
    }
}

/// While "Continue" is chosen: every saved game, with its day and side, in place of the
/// briefing (←→ chooses, `f` lists every file, to watch, report or delete).
fn draw_games(t: &crate::ui::theme::Theme, form: &StartScreen, f: &mut Frame, area: Rect) {
    let rows = area.height.saturating_sub(2) as usize;
    let first = form.game.saturating_sub(rows.saturating_sub(1));
    let lines: Vec<Line> = form
        .games
        .iter()
        .enumerate()
        .skip(first)
        .take(rows)
        .map(|(i, r)| {
            let line = Line::from(vec![
                Span::raw(if i == form.game { "▶ " } else { "  " }),
                Span::raw(format!("after day {} · {} · ", r.days, who(r))),
                Span::styled(super::files::age(r.modified), t.dim),
                Span::raw(" · "),
                Span::styled(r.title.clone(), t.title),
            ]);
            if i == form.game {
                line.patch_style(t.selected)
            } else {
                line
            }
        })
        .collect();
    f.render_widget(
        Paragraph::new(lines).block(
            Block::bordered()
                .title(Line::styled(format!(" Saved games ({}) ", form.games.len()), t.title))
                .title_bottom(Line::styled(" ←→ choose · Enter resume · f every file (D deletes) ", t.dim))
                .border_style(t.border),
        ),
        area,
    );
}
