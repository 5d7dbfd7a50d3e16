//! `?`: every key, from the keymap table itself, and the map legend.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};
use ratatui::Frame;

use crate::ui::shared::Ui;

use crate::ui::layout::centred;

pub fn draw(ui: &Ui, scroll: u16, f: &mut Frame, area: Rect) {
    let t = &ui.theme;
    let r = centred(area, 96, area.height.saturating_sub(2));
    f.render_widget(Clear, r);
    let mut lines: Vec<Line> = Vec::new();
    let settings = match &ui.config_path {
        Some(p) => format!("Keys can be changed in {} (keys: {{ \"map.end_day\": [\"E\"] }}):", p.display()),
        None => "Keys can be changed in a config file (see the README, Settings):".into(),
    };
    lines.push(Line::styled(settings, t.dim));
    lines.push(Line::styled("each key's name for the file is at the right of its line.", t.dim));
    lines.push(Line::raw(""));
    let width = r.width.saturating_sub(2) as usize;
    let mut ctx = None;
    for (c, keys, text, name) in ui.keys.help_rows() {
        if ctx != Some(c) {
            if ctx.is_some() {
                lines.push(Line::raw(""));
            }
            lines.push(Line::styled(c.title(), t.title));
            ctx = Some(c);
        }
        let used = 24 + text.chars().count();
        let mut row = vec![Span::styled(format!("  {keys:<22}"), t.key), Span::raw(text)];
        let fits = used + 2 + name.len() <= width;
        if !name.is_empty() && fits {
            row.push(Span::styled(format!("{:>w$}", name, w = width - used), t.dim));
        }
        lines.push(Line::from(row));
        // A long line's name goes under it, so every action's name can be read.
        if !name.is_empty() && !fits {
            lines.push(Line::styled(format!("{name:>width$}"), t.dim));
        }
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled("Map", t.title));
    for l in [
        "  Units: a letter per kind, lower case for Russia (red or orange), UPPER for Ukraine (blue);",
        "  enemy units are underlined. A assault team  P position  T armored group  M motorcycle group",
        "  D drone unit  E EW station  G artillery  R reserve  H supply hub  Q HQ. A digit: units in the cell.",
        "  Ground: ● town (name beside it)  = highway  - road  + rail  ~ river  \" tree line  ▲ spoil heap",
        "  ♣ forest  # urban  . farmland  ≈ water  ░ front line (cells touching the other side's ground).",
        "  Planned orders mark their target: > move  X assault  < withdraw  o sector  % interdict  * fire  + reserve.",
        "  Overlays shade the background: 1 drone coverage, 2 supply (darker = weaker), 3 what your side",
        "  observes, 4 who holds the ground. Without colour: ⠂⠆⠇ Russia's drones, ⠐⠰⠸ Ukraine's, ⡀⣀⣤ weak supply,",
        "  ⠁⠉⠛ observed, / the enemy's ground, ! a unit short of supply (with drone coverage shown).",
        "  You only ever see the enemy units your side detected.",
    ] {
        lines.push(Line::raw(l));
    }
    let inner_h = r.height.saturating_sub(2);
    let max_scroll = (lines.len() as u16).saturating_sub(inner_h);
    let scroll = scroll.min(max_scroll);
    let block = Block::bordered()
        .title(Line::styled(" Keys — ↑↓ PgUp/PgDn scroll, Esc or ? closes ", t.title))
        .border_style(t.key);
    f.render_widget(Paragraph::new(lines).block(block).scroll((scroll, 0)), r);
}
