//! The map: terrain, roads, rail, rivers, towns and their names, the front line, units of both
//! sides as the viewer knows them, planned orders, the day's events and the overlays.
//!
//! Drawn straight into the frame's buffer, only the visible cells, so a frame stays well under
//! a millisecond. Three zooms: two columns per cell (glyph + detail: unit count, order marker,
//! overlay shade), one column per cell, and an overview that fits the whole sector.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::Frame;

use crate::sim::map::{feature, Cell, Map, Side, Terrain};
use crate::sim::orders::Order;
use crate::sim::scenario::Annotation;
use crate::ui::board::{Board, Mode, Zoom};
use crate::ui::cells::CellUnits;
use crate::ui::layout::overview_scale;
use crate::ui::session::Session;
use crate::ui::shared::Ui;
use crate::ui::theme::Theme;

use super::unit_glyph;

/// The mark of a place an instructor's note points at.
pub const NOTE_MARK: char = '◆';
/// While a day plays out: a cell struck in the phase shown, one a unit left, one that
/// changed hands.
pub const STRIKE_MARK: char = '✸';
pub const TRAIL_MARK: char = '∘';
pub const TAKEN_MARK: char = '■';
/// While choosing a ranged order: the edge of its reach, and the cells it would cover (the
/// latter without colour; with colour they are tinted).
pub const REACH_MARK: char = '┊';
pub const COVER_MARK: char = '∷';

/// The marker drawn on a planned order's target cell.
pub fn order_marker(o: &Order) -> char {
    match o {
        Order::Move { .. } => '>',
        Order::Assault { .. } => 'X',
        Order::Withdraw { .. } => '<',
        Order::SetDroneSector { .. } => 'o',
        Order::Interdict { .. } => '%',
        Order::Fire { .. } => '*',
        Order::CommitReserve { .. } => '+',
        Order::Hold { .. } => 'd',
    }
}

/// Without colour each overlay has a pattern of its own, from weak to strong, none like the
/// front line's `░` or a sign of the ground: drone coverage as dots down one column (Russia's
/// left, Ukraine's right, so both can be shown at once), weak supply as dots rising from the
/// bottom, observation as dots from the top.
pub const MONO_COVERAGE: [[char; 4]; 2] = [[' ', '⠂', '⠆', '⠇'], [' ', '⠐', '⠰', '⠸']];
pub const MONO_SUPPLY: [char; 4] = [' ', '⡀', '⣀', '⣤'];
pub const MONO_SIGHT: [char; 4] = [' ', '⠁', '⠉', '⠛'];

/// What one cell looks like: two characters and their styles.
#[derive(Clone, Copy)]
struct Look {
    a: char,
    b: char,
    sa: Style,
    sb: Style,
}

struct Painter<'a> {
    b: &'a Board,
    s: &'a Session,
    t: &'a Theme,
    map: &'a Map,
    /// Who holds each cell, the front line and the units in each cell: after the phase shown
    /// while a day plays out, else as they stand.
    control: &'a [Side],
    front: &'a [bool],
    units: &'a [CellUnits],
    mono: bool,
    /// Drone coverage shown: one side's, or both (each cell in the stronger side's shade).
    coverage: Vec<(&'a [f32], f32, Side)>,
    /// Each side's supply field, shaded on the ground it holds.
    supply: Option<[&'a [f32]; 2]>,
    observe: Option<(&'a [f32], f32)>,
}

impl<'a> Painter<'a> {
    fn new(ui: &'a Ui, b: &'a Board) -> Painter<'a> {
        let s = &b.session;
        let g = s.game();
        let ov = b.overlays;
        Painter {
            b,
            s,
            t: &ui.theme,
            map: g.map(),
            control: b.frame().map(|f| f.control.as_slice()).unwrap_or(g.control()),
            front: b.frame().map(|f| f.front.as_slice()).unwrap_or(&s.picture.front),
            units: b.frame().map(|f| f.cells.as_slice()).unwrap_or(&s.picture.cells),
            mono: ui.theme.is_mono(),
            coverage: if ov.coverage_both { Side::BOTH.to_vec() } else { ov.coverage.into_iter().collect() }
                .into_iter()
                .map(|side| (g.coverage(side), s.picture.coverage_max[side.index()], side))
                .collect(),
            // Supply and detection are a side's own: an observer (common knowledge) has neither.
            supply: (ov.supply && !s.public).then(|| Side::BOTH.map(|side| g.supply_field(side))),
            observe: (ov.detection && !s.public).then(|| (g.observation(s.viewer), s.picture.observe_max)),
        }
    }

    /// Terrain and linear features.
    fn base(&self, i: usize) -> Look {
        let f = self.map.features[i];
        let ter = self.map.terrain[i];
        let ts = self.t.terrain[ter.index()];
        let with = |st: Style| ts.patch(Style { bg: None, ..st });
        let (a, b, st) = if f & feature::RIVER != 0 {
            ('~', '~', with(self.t.river))
        } else if f & feature::RAIL != 0 {
            ('+', '+', with(self.t.rail))
        } else if f & feature::ANY_ROAD != 0 && self.s.picture.roads_cut.get(i).copied().unwrap_or(false) {
            // A road cut by a scripted event.
            ('×', '×', with(self.t.road))
        } else if f & feature::HIGHWAY != 0 {
            ('=', '=', with(self.t.highway))
        } else if f & feature::ROAD != 0 {
            ('-', '-', with(self.t.road))
        } else if f & feature::SPOIL_HEAP != 0 {
            ('▲', ' ', with(self.t.spoil))
        } else if f & feature::TREELINE != 0 {
            ('"', ' ', with(self.t.treeline))
        } else {
            let c = match ter {
                Terrain::Open => ' ',
                // Farmland is most of the map: plain in colour (its background tells it), dotted without.
                Terrain::Farmland if self.mono => '.',
                Terrain::Farmland => ' ',
                Terrain::Forest => '♣',
                Terrain::Urban => '#',
                Terrain::Water => '≈',
            };
            (c, if ter == Terrain::Water { '≈' } else { ' ' }, ts)
        };
        Look { a, b, sa: st, sb: st }
    }

    fn set_bg(&self, l: &mut Look, c: ratatui::style::Color) {
        if !self.mono {
            l.sa = l.sa.bg(c);
            l.sb = l.sb.bg(c);
        }
    }

    /// Applies a 0..=1 intensity from an overlay: a background ramp, or a shade glyph without colour.
    fn shade(&self, l: &mut Look, ramp: &[ratatui::style::Color; 4], glyphs: &[char; 4], v: f32) {
        let k = if v <= 0.02 { 0 } else { 1 + ((v * 3.0) as usize).min(2) };
        if k == 0 {
            return;
        }
        if self.mono {
            if l.b == ' ' || l.b == '.' || glyphs.contains(&l.b) || MONO_SIGHT.contains(&l.b) {
                l.b = glyphs[k];
            }
        } else {
            self.set_bg(l, ramp[k]);
        }
    }

    /// A cell as the viewer sees it, before cursor and markers.
    fn look(&self, i: usize) -> Look {
        let mut l = self.base(i);
        let pic = &self.s.picture;
        let viewer = self.s.viewer;
        if self.b.overlays.control {
            let side = self.control[i];
            self.set_bg(&mut l, self.t.control[side.index()]);
            if self.mono && side != viewer && l.b == ' ' {
                l.b = '/';
            }
        }
        if let Some((obs, max)) = self.observe {
            let v = (obs[i] / max).min(1.0);
            self.shade(&mut l, &self.t.sight_ramp, &MONO_SIGHT, v);
            if v < 0.05 {
                l.sa = l.sa.add_modifier(Modifier::DIM);
                l.sb = l.sb.add_modifier(Modifier::DIM);
            }
        }
        if let Some(sup) = self.supply {
            // Viewing both sides, each side's ground shows its own supply. Without colour, supply
            // shades would read as drone coverage: there the units short of supply carry a `!`.
            let holder = self.control[i];
            let mono_clash = self.mono && !self.coverage.is_empty();
            if (holder == viewer || self.s.omniscient) && !mono_clash {
                let v = sup[holder.index()][i].clamp(0.0, 1.0);
                // Supply is the reverse ramp: shade the weak ground, leave full supply plain.
                let k = if v >= 0.95 {
                    3
                } else if v >= 0.6 {
                    2
                } else if v >= 0.3 {
                    1
                } else {
                    0
                };
                if self.mono {
                    if l.b == ' ' || l.b == '.' || MONO_SIGHT.contains(&l.b) {
                        l.b = MONO_SUPPLY[3 - k];
                    }
                } else {
                    self.set_bg(&mut l, self.t.supply_ramp[k]);
                }
            }
        }
        let strongest = self
            .coverage
            .iter()
            .map(|(cov, max, side)| ((cov[i] / max).min(1.0), *side))
            .fold(None, |best: Option<(f32, Side)>, x| if best.is_some_and(|b| b.0 >= x.0) { best } else { Some(x) });
        if let Some((v, side)) = strongest {
            self.shade(&mut l, &self.t.coverage_ramp[side.index()], &MONO_COVERAGE[side.index()], v);
        }
        if self.front[i] {
            if !self.mono {
                l.sa = l.sa.patch(Style { fg: None, ..self.t.front });
                l.sb = l.sb.patch(self.t.front);
            }
            let front_fg = Style { bg: None, ..self.t.front };
            if l.a == ' ' || l.a == '.' {
                l.a = '░';
                l.sa = l.sa.patch(front_fg);
            }
            if l.b == ' ' || l.b == '.' {
                l.b = '░';
                l.sb = l.sb.patch(front_fg);
            }
        }
        if pic.places[i].is_some() {
            l.a = '●';
            l.sa = l.sa.patch(self.t.town);
        }
        let cu = self.units[i];
        if let Some((side, kind)) = cu.top {
            l.a = unit_glyph(side, kind);
            l.sa = l.sa.patch(self.t.side_style(side));
            if side != viewer {
                l.sa = l.sa.add_modifier(Modifier::UNDERLINED);
            }
            let n = cu.own as u32 + cu.enemy as u32;
            if n > 1 {
                l.b = if n > 9 { '+' } else { char::from_digit(n, 10).unwrap_or('+') };
                l.sb = l.sb.patch(self.t.side_style(side));
            }
            if self.supply.is_some() && cu.short {
                l.b = '!';
                l.sb = l.sb.patch(self.t.bad);
            }
        }
        l
    }
}

/// Where a cell is on screen (x of its first column, y), if visible.
pub fn screen_pos(b: &Board, area: Rect, c: Cell) -> Option<(u16, u16)> {
    let g = b.game();
    let (x, y) = match b.zoom {
        Zoom::Near | Zoom::Cell => {
            let cpc = if b.zoom == Zoom::Near { 2 } else { 1 };
            let dx = (c.x - b.scroll.0) as i32 * cpc;
            let dy = (c.y - b.scroll.1) as i32;
            (dx, dy)
        }
        Zoom::Overview => {
            let (kx, ky) = overview_scale(area, g.map().width, g.map().height);
            (c.x as i32 / kx as i32, c.y as i32 / ky as i32)
        }
    };
    if x < 0 || y < 0 || x >= area.width as i32 || y >= area.height as i32 {
        return None;
    }
    Some((area.x + x as u16, area.y + y as u16))
}

/// The map in `area`, with the instructors' `notes` of the day and phase shown marked.
pub fn draw(ui: &Ui, b: &Board, notes: &[&Annotation], f: &mut Frame, area: Rect) {
    let buf = f.buffer_mut();
    let p = Painter::new(ui, b);
    match b.zoom {
        Zoom::Near => cells(&p, buf, area, 2),
        Zoom::Cell => cells(&p, buf, area, 1),
        Zoom::Overview => overview(&p, buf, area),
    }
    marks(&p, notes, buf, area);
}

fn put(buf: &mut Buffer, x: u16, y: u16, ch: char, st: Style) {
    if let Some(c) = buf.cell_mut((x, y)) {
        c.set_char(ch).set_style(st);
    }
}

fn patch(buf: &mut Buffer, x: u16, y: u16, st: Style) {
    if let Some(c) = buf.cell_mut((x, y)) {
        let s = c.style().patch(st);
        c.set_style(s);
    }
}

fn cells(p: &Painter, buf: &mut Buffer, area: Rect, cpc: u16) {
    let map = p.map;
    let blank = Style::new();
    for sy in 0..area.height {
        let y = p.b.scroll.1 + sy as i16;
        for col in 0..area.width / cpc {
            let x = p.b.scroll.0 + col as i16;
            let (bx, by) = (area.x + col * cpc, area.y + sy);
            if x >= map.width || y >= map.height || x < 0 || y < 0 {
                for k in 0..cpc {
                    put(buf, bx + k, by, ' ', blank);
                }
                continue;
            }
            let l = p.look(map.idx(Cell::new(x, y)));
            if cpc == 2 {
                put(buf, bx, by, l.a, l.sa);
                put(buf, bx + 1, by, l.b, l.sb);
            } else if p.mono && (l.a == ' ' || l.a == '.') && l.b != ' ' {
                // One column and no colour: an overlay's shade shows on blank ground.
                put(buf, bx, by, l.b, l.sb);
            } else {
                put(buf, bx, by, l.a, l.sa);
            }
        }
        // An odd column left over at the right edge.
        for x in (area.width / cpc) * cpc..area.width {
            put(buf, area.x + x, area.y + sy, ' ', blank);
        }
    }
    labels(p, buf, area, cpc, 0);
}

/// Town names beside their cells, largest first, never over units or other names.
fn labels(p: &Painter, buf: &mut Buffer, area: Rect, cpc: u16, min_pop: u32) {
    let pic = &p.s.picture;
    let mut taken: Vec<(u16, u16, u16)> = Vec::new();
    for &pi in &pic.places_by_size {
        let pl = &p.map.places[pi as usize];
        if pl.population < min_pop {
            continue;
        }
        let Some((x, y)) = screen_pos(p.b, area, pl.cell) else { continue };
        taken.push((y, x, x + cpc));
    }
    for &pi in &pic.places_by_size {
        let pl = &p.map.places[pi as usize];
        if pl.population < min_pop {
            continue;
        }
        let Some((x, y)) = screen_pos(p.b, area, pl.cell) else { continue };
        let name: Vec<char> = pl.name.chars().collect();
        let n = name.len() as u16;
        let right = area.x + area.width;
        // A column a label may not cover: off the map, on a unit, on another name or town.
        let unit_at = |col: u16| {
            cell_of_screen(p.b, area, col, y).is_some_and(|c| p.map.in_bounds(c) && p.units[p.map.idx(c)].top.is_some())
        };
        let overlaps =
            |x0: u16, x1: u16| taken.iter().any(|&(ty, a, b)| ty == y && a < x1 && x0 < b && !(a == x && b == x + cpc));
        // How many columns from `x0` rightwards a name may take: up to a unit, the edge or
        // another name, less one so it never runs into a unit's letter.
        let room = |x0: u16| -> u16 {
            let mut len = 0;
            while x0 + len < right && len <= n && !unit_at(x0 + len) && !overlaps(x0 + len, x0 + len + 1) {
                len += 1;
            }
            let blocked = x0 + len < right && unit_at(x0 + len);
            if blocked {
                len.saturating_sub(1)
            } else {
                len
            }
        };
        let after = x + cpc.min(2);
        let left = x.checked_sub(n + 1).filter(|l| *l >= area.x);
        // The whole name to the right of the town, else to its left, else shortened with a
        // dot to the right: never drawn over a unit, never cut into a word that is not one.
        let right_room = if after < right { room(after) } else { 0 };
        let (x0, text): (u16, Vec<char>) = if right_room >= n {
            (after, name.clone())
        } else if let Some(l) = left.filter(|l| room(*l) >= n) {
            (l, name.clone())
        } else if right_room >= 4 {
            let len = (right_room - 1).min(n - 1) as usize;
            (after, name[..len].iter().copied().chain(['.']).collect())
        } else {
            continue;
        };
        let x1 = x0 + text.len() as u16;
        for (k, ch) in text.iter().enumerate() {
            if let Some(c) = buf.cell_mut((x0 + k as u16, y)) {
                let st = c.style().patch(p.t.town);
                c.set_char(*ch).set_style(st);
            }
        }
        taken.push((y, x0, x1 + 1));
    }
}

fn cell_of_screen(b: &Board, area: Rect, x: u16, y: u16) -> Option<Cell> {
    let (sx, sy) = ((x - area.x) as i16, (y - area.y) as i16);
    match b.zoom {
        Zoom::Near => Some(Cell::new(b.scroll.0 + sx / 2, b.scroll.1 + sy)),
        Zoom::Cell => Some(Cell::new(b.scroll.0 + sx, b.scroll.1 + sy)),
        Zoom::Overview => None,
    }
}

fn overview(p: &Painter, buf: &mut Buffer, area: Rect) {
    let map = p.map;
    let (kx, ky) = overview_scale(area, map.width, map.height);
    let pic = &p.s.picture;
    let viewer = p.s.viewer;
    for sy in 0..area.height {
        for sx in 0..area.width {
            let (x0, y0) = (sx as i16 * kx as i16, sy as i16 * ky as i16);
            let (bx, by) = (area.x + sx, area.y + sy);
            if x0 >= map.width || y0 >= map.height {
                put(buf, bx, by, ' ', Style::new());
                continue;
            }
            // The block's most telling cell: an own unit, an enemy unit, a town, the front.
            let mut best: Option<(u8, usize)> = None;
            for y in y0..(y0 + ky as i16).min(map.height) {
                for x in x0..(x0 + kx as i16).min(map.width) {
                    let i = map.idx(Cell::new(x, y));
                    let cu = p.units[i];
                    let score = match cu.top {
                        Some((s, _)) if s == viewer => 5,
                        Some(_) => 4,
                        None if pic.places[i].is_some() => 3,
                        None if p.front[i] => 2,
                        None if map.features[i] != 0 => 1,
                        None => 0,
                    };
                    if best.is_none_or(|(b, _)| score > b) {
                        best = Some((score, i));
                    }
                }
            }
            let i = best.map(|b| b.1).unwrap_or(0);
            let l = p.look(i);
            put(buf, bx, by, l.a, l.sa);
        }
    }
    labels(p, buf, area, 1, 20_000);
}

/// Planned orders, the phase's events, the selection and the cursor.
fn marks(p: &Painter, notes: &[&Annotation], buf: &mut Buffer, area: Rect) {
    let b = p.b;
    let s = p.s;
    let second = |x: u16| if b.zoom == Zoom::Near { x + 1 } else { x };
    for o in s.orders() {
        if let Some(c) = s.own(o.unit()).and_then(|u| u.cell) {
            if let Some((x, y)) = screen_pos(b, area, c) {
                patch(buf, x, y, Style::new().add_modifier(Modifier::UNDERLINED));
            }
        }
        if let Some(c) = o.target() {
            if let Some((x, y)) = screen_pos(b, area, c) {
                put(buf, second(x), y, order_marker(o), p.t.planned);
            }
        }
    }
    // The selected unit's route: today's leg bright, the rest (later days) dim. Only cells
    // without units are drawn over, so no unit disappears under its own route.
    // The destination keeps its order marker; the overview is too coarse for a route.
    if let Some((route, today, to)) = b.shown_route().filter(|_| b.zoom != Zoom::Overview) {
        let steps = if route.last() == Some(&to) { route.len() - 1 } else { route.len() };
        for (k, c) in route.iter().enumerate().take(steps) {
            let Some((x, y)) = screen_pos(b, area, *c) else { continue };
            let (ch, st) = if k < today { ('•', p.t.planned) } else { ('·', p.t.dim) };
            // Over ground, never over units or another order's marker (in the near zoom the
            // dot takes the detail column and the ground's glyph stays beside it).
            let marked = s.orders().iter().any(|o| o.target() == Some(*c));
            // Nor over a place's name.
            let named = buf.cell((second(x), y)).is_some_and(|cell| cell.symbol().chars().any(char::is_alphanumeric));
            if p.s.picture.cells[p.map.idx(*c)].top.is_none() && !marked && !named {
                put(buf, second(x), y, ch, st);
            }
        }
    }
    for c in b.resolution_cells() {
        if let Some((x, y)) = screen_pos(b, area, c) {
            patch(buf, x, y, p.t.event);
            if b.zoom == Zoom::Near {
                patch(buf, x + 1, y, p.t.event);
                if let Some(cell) = buf.cell_mut((x + 1, y)) {
                    if cell.symbol() == " " {
                        cell.set_char('!');
                    }
                }
            }
        }
    }
    // The phase shown, as it played out: where units left from, what was struck, the ground
    // that changed hands (in the taker's colour, and marked, so it reads without colour too).
    if let Some(f) = b.frame() {
        let mark = |buf: &mut Buffer, c: Cell, ch: char, st: Style, over_units: bool| {
            let Some((x, y)) = screen_pos(b, area, c) else { return };
            let free = p.units[p.map.idx(c)].top.is_none();
            if b.zoom == Zoom::Near {
                put(buf, x + 1, y, ch, st);
            } else if free || over_units {
                put(buf, x, y, ch, st);
            }
        };
        for c in &f.trails {
            mark(buf, *c, TRAIL_MARK, p.t.dim, false);
        }
        for c in &f.struck {
            mark(buf, *c, STRIKE_MARK, p.t.event, false);
        }
        for (c, side) in &f.taken {
            let st = p.t.side_style(*side).add_modifier(Modifier::REVERSED);
            mark(buf, *c, TAKEN_MARK, st, true);
            if let Some((x, y)) = screen_pos(b, area, *c) {
                if !p.mono {
                    patch(buf, x, y, Style::new().bg(p.t.control[side.index()]));
                }
            }
        }
    }
    // A ranged order being chosen: the edge of what it can reach from where the unit stands,
    // the disc it would cover around the cursor, and the detected enemy units in either.
    if let Some(pv) = b.active_preview() {
        let map = p.map;
        let edge = |c: Cell| pv.reach[map.idx(c)] && map.neighbours(c).take(4).any(|n| !pv.reach[map.idx(n)]);
        let rows = b.scroll.1..b.scroll.1 + area.height as i16;
        let cols = b.scroll.0..b.scroll.0 + area.width as i16;
        let view_cells: Vec<Cell> = if b.zoom == Zoom::Overview {
            Vec::new()
        } else {
            rows.flat_map(|y| cols.clone().map(move |x| Cell::new(x, y))).filter(|c| map.in_bounds(*c)).collect()
        };
        for c in view_cells {
            let Some((x, y)) = screen_pos(b, area, c) else { continue };
            let covered = pv.covers(b.cursor, c);
            let enemy = p.units[map.idx(c)].enemy > 0;
            if covered {
                if p.mono {
                    if let Some(cell) = buf.cell_mut((second(x), y)) {
                        if matches!(cell.symbol(), " " | "." | "░") {
                            cell.set_char(COVER_MARK);
                        }
                    }
                } else {
                    patch(buf, x, y, Style::new().bg(p.t.preview));
                    patch(buf, second(x), y, Style::new().bg(p.t.preview));
                }
            } else if edge(c) && b.zoom == Zoom::Near {
                if let Some(cell) = buf.cell_mut((x + 1, y)) {
                    if matches!(cell.symbol(), " " | "." | "░") {
                        cell.set_char(REACH_MARK).set_style(p.t.key);
                    }
                }
            }
            if enemy && (covered || (pv.radius == 0 && pv.reach[map.idx(c)])) {
                patch(buf, x, y, p.t.bad.add_modifier(Modifier::REVERSED));
            }
        }
    }
    // Instructors' notes for the day and phase shown mark their place.
    for c in notes.iter().filter_map(|a| a.at) {
        if let Some((x, y)) = screen_pos(b, area, c) {
            if b.zoom == Zoom::Near {
                patch(buf, x, y, p.t.note);
                put(buf, x + 1, y, NOTE_MARK, p.t.note);
            } else {
                put(buf, x, y, NOTE_MARK, p.t.note);
            }
        }
    }
    if let Some(c) = b.selected.and_then(|id| s.own(id)).and_then(|u| u.cell) {
        if let Some((x, y)) = screen_pos(b, area, c) {
            patch(buf, x, y, Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED));
        }
    }
    if let Some((x, y)) = screen_pos(b, area, b.cursor) {
        let st = match (b.mode, b.target_check()) {
            (Mode::Target(_), Some(Ok(()))) => p.t.cursor.patch(p.t.good),
            (Mode::Target(_), Some(Err(_))) => p.t.cursor.patch(p.t.bad),
            _ => p.t.cursor,
        };
        patch(buf, x, y, st);
        if b.zoom == Zoom::Near {
            patch(buf, x + 1, y, st);
        }
    }
}
