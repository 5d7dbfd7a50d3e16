//! The side panel: the selected unit and its orders, the cell under the cursor and what is
//! known of it, the order being given (with the engine's verdict and, for an assault, its odds)
//! and the legend.

use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};
use ratatui::Frame;

use crate::sim::components::Task;
use crate::sim::map::{feature, Cell};
use crate::sim::orders::OrderKind;
use crate::sim::rules::UnitKind;
use crate::sim::view::SeenUnit;
use crate::ui::board::{Board, Mode};
use crate::ui::event_words::{cell_text, order_text, place_text};
use crate::ui::keymap::{Action, Ctx};
use crate::ui::session::Session;
use crate::ui::shared::Ui;
use crate::ui::theme::Theme;

use super::{gauge, kind_glyph, odds, quality, side_tag, unit_glyph};

pub fn draw(ui: &Ui, b: &Board, f: &mut Frame, area: Rect) {
    let s = &b.session;
    let t = &ui.theme;
    let mut lines: Vec<Line<'static>> = Vec::new();
    let title = match b.mode {
        Mode::Target(v) => format!(" Order: {} ", v.name()),
        _ => " Cell and units ".to_string(),
    };
    if let Mode::Target(v) = b.mode {
        target(ui, b, s, v, &mut lines);
    } else {
        if let Some(u) = b.selected.and_then(|id| s.own(id)) {
            unit(ui, b, s, u, &mut lines);
            lines.push(Line::raw(""));
        }
        cell(ui, b, s, b.cursor, &mut lines);
        let n = s.orders().len();
        if n > 0 {
            lines.push(Line::raw(""));
            let k = |a: Action| ui.keys.hint(Ctx::Map, a);
            lines.push(Line::styled(
                format!(
                    "Planned orders: {n}  ({} lists, {} cancels, {} all, {} undoes)",
                    k(Action::Orders),
                    k(Action::CancelOrder),
                    k(Action::CancelAll),
                    k(Action::Undo)
                ),
                t.title,
            ));
        }
        if ui.legend {
            lines.push(Line::raw(""));
            legend(t, area.width.saturating_sub(2), &mut lines);
        }
    }
    let block = Block::bordered().title(Line::styled(title, t.title)).border_style(t.border);
    let width = area.width.saturating_sub(2) as usize;
    f.render_widget(Paragraph::new(super::wrap_lines(lines, width)).block(block), area);
}

fn pct(x: f64) -> String {
    format!("{:>3.0}%", x * 100.0)
}

fn task_text(task: &Task, s: &Session) -> String {
    let map = s.game().map();
    match *task {
        Task::Idle => "idle".into(),
        Task::Hold { dig_in: true } => "hold, digging in".into(),
        Task::Hold { dig_in: false } => "hold".into(),
        Task::Move { to } => format!("moving to {}", place_text(to, map)),
        Task::Assault { target } => format!("assaulting {}", place_text(target, map)),
        Task::Withdraw { to } => format!("withdrawing to {}", place_text(to, map)),
        Task::DroneSector { centre } => format!("drone sector {}", place_text(centre, map)),
        Task::FireAt { target } => format!("firing on {}", place_text(target, map)),
    }
}

fn unit(ui: &Ui, b: &Board, s: &Session, u: &SeenUnit, lines: &mut Vec<Line<'static>>) {
    let t = &ui.theme;
    lines.push(Line::from(vec![
        Span::styled(format!("{} ", unit_glyph(u.side, u.kind)), t.side_style(u.side)),
        Span::styled(u.label.to_string(), t.title),
        Span::styled(format!(" [{}]", side_tag(u.side)), t.side_style(u.side)),
    ]));
    let veh = if u.vehicles > 0 { format!(", {} vehicles", u.vehicles) } else { String::new() };
    lines.push(Line::raw(format!("{} · {}/{} soldiers{veh}", u.kind.name(), u.personnel, u.full_personnel)));
    if u.kind.holds_ground() || u.kind == UnitKind::Drone || u.kind == UnitKind::Artillery {
        lines.push(Line::from(vec![
            Span::raw("cohesion "),
            Span::styled(gauge(u.cohesion, 6), quality(t, u.cohesion)),
            Span::raw(pct(u.cohesion)),
        ]));
        let cut = if u.days_cut > 0 { format!(" cut {}d", u.days_cut) } else { String::new() };
        // The days of stocks left while cut off (known only for own units, whose cut days are known).
        let full = s.game().scenario_template(&u.template).map(|t| t.stocks_days).unwrap_or(0);
        let cut =
            if u.days_cut > 0 && full > 0 { format!("{cut}, stocks {:.0}/{full}d", u.stocks.max(0.0)) } else { cut };
        lines.push(Line::from(vec![
            Span::raw("supply   "),
            Span::styled(gauge(u.supply, 6), quality(t, u.supply)),
            Span::raw(pct(u.supply)),
            Span::styled(cut, t.bad),
        ]));
    }
    let mut state = Vec::new();
    if u.dug_in > 0 {
        state.push(format!("dug in {}", u.dug_in));
    }
    if let Some(task) = &u.task {
        state.push(task_text(task, s));
    }
    if u.in_reserve {
        state.push(match u.reserve_arrives {
            Some(d) => format!("off map, arrives day {d}"),
            None => "off map, in reserve".into(),
        });
    }
    if !state.is_empty() {
        lines.push(Line::raw(state.join(" · ")));
    }
    if let Some(o) = s.planned_for(u.id) {
        let mut sp = vec![Span::styled("planned: ", t.planned), Span::raw(order_text(o, s.game().map()))];
        if let Some(od) = b.odds() {
            sp.push(Span::styled(format!("  {:.0}%", od.success * 100.0), quality(t, od.success)));
        }
        lines.push(Line::from(sp));
    }
    let mut keys: Vec<Span> = vec![Span::raw("orders: ")];
    for k in OrderKind::ALL {
        if k != OrderKind::Hold && s.fits(u, k).is_ok() {
            keys.push(Span::styled(ui.keys.hint(Ctx::Map, Action::Order(k)), t.key));
            keys.push(Span::raw(format!(" {}  ", k.name())));
        }
    }
    if s.fits(u, OrderKind::Hold).is_ok() {
        keys.push(Span::styled(ui.keys.hint(Ctx::Map, Action::Hold { dig_in: true }), t.key));
        keys.push(Span::raw(" dig in  "));
    }
    if keys.len() == 1 {
        keys.push(Span::styled("none (works where it stands)", t.dim));
    }
    lines.push(Line::from(keys));
}

fn features_text(f: u8) -> Vec<&'static str> {
    let mut v = Vec::new();
    for (bit, name) in [
        (feature::HIGHWAY, "highway"),
        (feature::ROAD, "road"),
        (feature::RAIL, "rail"),
        (feature::RIVER, "river"),
        (feature::TREELINE, "tree line"),
        (feature::SPOIL_HEAP, "spoil heap"),
    ] {
        if f & bit != 0 {
            v.push(name);
        }
    }
    v
}

fn cell(ui: &Ui, b: &Board, s: &Session, c: Cell, lines: &mut Vec<Line<'static>>) {
    let t = &ui.theme;
    let g = s.game();
    let map = g.map();
    if !map.in_bounds(c) {
        return;
    }
    let i = map.idx(c);
    let mut what = vec![map.terrain[i].name()];
    what.extend(features_text(map.features[i]));
    lines
        .push(Line::from(vec![Span::styled(cell_text(c, map), t.title), Span::raw(format!(" — {}", what.join(", ")))]));
    let holder = g.control()[i];
    let mut held = vec![
        Span::raw("held by "),
        Span::styled(format!("{} [{}]", holder.name(), side_tag(holder)), t.side_style(holder)),
    ];
    if s.picture.front[i] {
        held.push(Span::styled(" · front line", t.warn));
    }
    lines.push(Line::from(held));
    let viewer = s.viewer;
    lines.push(Line::raw(format!(
        "drones/day over it: yours {:.1}, enemy {:.1}",
        g.coverage(viewer)[i],
        g.coverage(viewer.other())[i]
    )));
    let sup = if s.public {
        "supply —".into()
    } else if holder == viewer {
        format!("supply {}", pct(g.supply_field(viewer)[i] as f64))
    } else {
        "supply —".into()
    };
    if s.public {
        lines.push(Line::raw(sup));
    } else {
        lines.push(Line::raw(format!("{sup} · observed {}", pct(g.observation(viewer)[i].min(1.0) as f64))));
    }
    for u in s.picture.view.own.iter().chain(&s.picture.view.enemy).filter(|u| u.cell == Some(c)) {
        let mine = u.side == viewer;
        let mut sp = vec![
            Span::styled(format!("{} ", unit_glyph(u.side, u.kind)), t.side_style(u.side)),
            Span::styled(format!("[{}] ", side_tag(u.side)), t.side_style(u.side)),
            Span::styled(u.label.to_string(), if Some(u.id) == b.selected { t.selected } else { Style::new() }),
            Span::raw(format!(" {}", u.personnel)),
        ];
        if !mine {
            sp.push(Span::styled(" (detected)", t.dim));
        } else if s.planned_for(u.id).is_some() {
            sp.push(Span::styled(" ✓order", t.planned));
        }
        lines.push(Line::from(sp));
    }
}

fn target(ui: &Ui, b: &Board, s: &Session, v: OrderKind, lines: &mut Vec<Line<'static>>) {
    let t = &ui.theme;
    let Some(u) = b.selected.and_then(|id| s.own(id)) else { return };
    lines.push(Line::from(vec![
        Span::styled(format!("{} ", unit_glyph(u.side, u.kind)), t.side_style(u.side)),
        Span::styled(u.label.to_string(), t.title),
    ]));
    let map = s.game().map();
    lines.push(Line::raw(format!("{} → {}", v.name(), cell_text(b.cursor, map))));
    match b.target_check() {
        Some(Ok(())) => lines.push(Line::styled("✓ allowed — Enter gives the order", t.good)),
        Some(Err(e)) => lines.push(Line::styled(format!("✗ {e}"), t.bad)),
        None => {}
    }
    // What a ranged order reaches and covers, before it is given.
    if let (Some(pv), Some((cells, enemy, routes))) = (b.active_preview(), b.covered()) {
        let reach = b.in_reach();
        let edge = crate::ui::view::map::REACH_MARK;
        let text = match v {
            OrderKind::Fire => format!(
                "In range ({edge} marks its edge): {reach} cell{} with detected enemy units; here: {}",
                if reach == 1 { "" } else { "s" },
                if enemy > 0 { "a target" } else { "no target seen" }
            ),
            OrderKind::Interdict => format!(
                "Would cover {cells} cells (radius {}): {routes} road and rail cells, {enemy} detected enemy units",
                pv.radius
            ),
            _ => format!("Would cover {cells} cells (radius {}): {enemy} detected enemy units", pv.radius),
        };
        lines.push(Line::styled(text, t.key));
    }
    if v == OrderKind::Assault {
        match b.odds() {
            Some(o) => {
                lines.push(Line::raw(""));
                odds::lines(&ui.theme, s, &o, b.cursor, lines);
            }
            None => {
                lines.push(Line::styled("Move the cursor next to the unit, onto enemy ground, to see the odds.", t.dim))
            }
        }
    } else {
        lines.push(Line::raw(""));
        cell(ui, b, s, b.cursor, lines);
    }
}

fn legend(t: &Theme, width: u16, lines: &mut Vec<Line<'static>>) {
    let per_row = ((width + 1) / 12).clamp(1, 4) as usize;
    lines.push(Line::from(vec![
        Span::styled("Legend ", t.title),
        Span::styled("ru", t.side[0]),
        Span::raw(" lower case, "),
        Span::styled("UA", t.side[1]),
        Span::raw(" upper; enemy underlined (g hides)"),
    ]));
    let kinds = [
        UnitKind::AssaultTeam,
        UnitKind::Position,
        UnitKind::ArmoredGroup,
        UnitKind::MotorGroup,
        UnitKind::Drone,
        UnitKind::Ew,
        UnitKind::Artillery,
        UnitKind::Reserve,
        UnitKind::SupplyHub,
        UnitKind::Hq,
    ];
    let mut row: Vec<Span> = Vec::new();
    for (k, kind) in kinds.iter().enumerate() {
        row.push(Span::styled(kind_glyph(*kind).to_string(), t.key));
        if k % per_row == per_row - 1 || k + 1 == kinds.len() {
            row.push(Span::raw(format!(" {}", short_kind(*kind))));
        } else {
            row.push(Span::raw(format!(" {:<10}", short_kind(*kind))));
        }
        if k % per_row == per_row - 1 {
            lines.push(Line::from(std::mem::take(&mut row)));
        }
    }
    if !row.is_empty() {
        lines.push(Line::from(row));
    }
    let sym = |c: &'static str, st: Style, name: &'static str| vec![Span::styled(c, st), Span::raw(name)];
    let mut l1 = Vec::new();
    l1.extend(sym("●", t.town, " town "));
    l1.extend(sym("=", t.highway, " highway "));
    l1.extend(sym("-", t.road, " road "));
    l1.extend(sym("+", t.rail, " rail"));
    lines.push(Line::from(l1));
    let mut l2 = Vec::new();
    l2.extend(sym("~", t.river, " river "));
    l2.extend(sym("\"", t.treeline, " trees "));
    l2.extend(sym("▲", t.spoil, " spoil heap "));
    l2.extend(sym("░", t.front, " front"));
    lines.push(Line::from(l2));
    let mut l3 = Vec::new();
    l3.extend(sym("♣", t.terrain[2], " forest "));
    l3.extend(sym("#", t.terrain[3], " urban "));
    l3.extend(sym(".", t.terrain[1], " farmland "));
    l3.extend(sym("≈", t.terrain[4], " water"));
    lines.push(Line::from(l3));
    if t.is_mono() {
        use crate::ui::view::map::{MONO_COVERAGE, MONO_SIGHT, MONO_SUPPLY};
        let g = |r: &[char; 4]| r[1..].iter().collect::<String>();
        lines.push(Line::raw(format!(
            "{} RU drones {} UA drones {} weak supply {} observed / enemy ground",
            g(&MONO_COVERAGE[0]),
            g(&MONO_COVERAGE[1]),
            g(&MONO_SUPPLY),
            g(&MONO_SIGHT)
        )));
    }
    lines.push(Line::from(vec![
        Span::styled("> X < o % * +", t.planned),
        Span::raw(" move assault withdraw sector interdict fire reserve; 2-9 units in cell"),
    ]));
}

fn short_kind(k: UnitKind) -> &'static str {
    match k {
        UnitKind::AssaultTeam => "assault",
        UnitKind::Position => "position",
        UnitKind::ArmoredGroup => "armour",
        UnitKind::MotorGroup => "motorbike",
        UnitKind::Drone => "drones",
        UnitKind::Ew => "EW",
        UnitKind::Artillery => "guns",
        UnitKind::Reserve => "reserve",
        UnitKind::SupplyHub => "hub",
        UnitKind::Hq => "HQ",
    }
}
