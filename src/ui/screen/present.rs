//! Presenter mode (`p` in the replay viewer): the whole screen to the map, with the drone
//! coverage and supply overlays on and a caption saying in plain words what the phase did.
//!
//! It holds the replay viewer it presents: the stepping keys work as before, and leaving gives
//! the viewer back with the overlays, zoom and scroll the user had.

use super::super::action::Action;
use super::super::board::{Overlays, Zoom};
use super::super::layout::overview_scale;
use super::super::session::Watch;
use super::super::shared::Ui;
use super::replay::ReplayScreen;
use super::Go;

/// What presenter mode keeps to give back when it ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Saved {
    pub overlays: Overlays,
    pub zoom: Zoom,
    pub scroll: (i16, i16),
}

/// The replay viewer being presented.
pub struct PresenterScreen {
    pub replay: ReplayScreen,
    pub saved: Saved,
}

impl PresenterScreen {
    pub fn enter(mut replay: ReplayScreen, ui: &mut Ui) -> PresenterScreen {
        let b = &mut replay.board;
        let saved = Saved { overlays: b.overlays, zoom: b.zoom, scroll: b.scroll };
        b.presenting = true;
        let mut p = PresenterScreen { replay, saved };
        p.presenter_overlays();
        p.fit();
        p.replay.follow_note();
        ui.say("Presenter mode: . , phases · ] [ days · s whose view · p or Esc leaves");
        p
    }

    /// Leaves presenter mode, giving back the user's overlays, zoom and scroll.
    pub fn leave(self, ui: &mut Ui) -> ReplayScreen {
        let mut replay = self.replay;
        let b = &mut replay.board;
        b.presenting = false;
        b.overlays = self.saved.overlays;
        b.zoom = self.saved.zoom;
        b.scroll = self.saved.scroll;
        b.clamp_scroll();
        ui.say("Presenter mode off: your overlays and zoom are back.");
        replay
    }

    pub fn update(&mut self, a: Action, ui: &mut Ui) -> Go {
        match a {
            Action::Present | Action::Back => return Go::toggle_presenter(),
            Action::Log | Action::Report | Action::Legend => {
                ui.complain("Presenter mode: p or Esc leaves it first.");
                return Go::Stay;
            }
            _ => {}
        }
        let go = self.replay.update(a, ui);
        if a == Action::Watch {
            self.presenter_overlays();
        }
        go
    }

    /// Time passing: the presented record autoplays as the viewer's does.
    pub fn tick(&mut self, dt: std::time::Duration, ui: &mut Ui) -> Go {
        self.replay.tick(dt, ui)
    }

    pub fn resize(&mut self, ui: &Ui) {
        self.replay.board.size = ui.size;
        self.fit();
        self.replay.board.keep_cursor_visible();
    }

    /// The overlays a presentation shows: drone coverage of both sides (or of the side being
    /// watched) and supply; detection and control would crowd them out.
    fn presenter_overlays(&mut self) {
        let b = &mut self.replay.board;
        let watch = b.session.replay.as_ref().map(|r| r.watch);
        b.overlays = Overlays {
            coverage: match watch {
                Some(Watch::Side(x)) => Some(x),
                _ => None,
            },
            coverage_both: !matches!(watch, Some(Watch::Side(_))),
            supply: true,
            detection: false,
            control: false,
        };
    }

    /// Chooses the zoom that shows the most of the sector in the whole screen (the larger zoom
    /// when two show as much), and centres the view on the front.
    fn fit(&mut self) {
        let b = &mut self.replay.board;
        let (w, h) = (b.game().map().width as i32, b.game().map().height as i32);
        // The whole width: the layout narrows the map to the sector only once the zoom is known.
        let area = ratatui::layout::Rect { x: 0, width: b.size.0, ..b.layout().map };
        let (aw, ah) = (area.width as i32, area.height as i32);
        let shown = |z: Zoom| match z {
            Zoom::Near => w.min(aw / 2) * h.min(ah),
            Zoom::Cell => w.min(aw) * h.min(ah),
            Zoom::Overview => {
                // Several cells share a character: count characters, the detail actually seen.
                let (kx, ky) = overview_scale(area, w as i16, h as i16);
                (w + kx as i32 - 1) / kx as i32 * ((h + ky as i32 - 1) / ky as i32)
            }
        };
        let mut best = Zoom::Near;
        for z in [Zoom::Cell, Zoom::Overview] {
            if shown(z) > shown(best) {
                best = z;
            }
        }
        b.zoom = best;
        if let Some(c) = front_centre(b) {
            b.centre_view_on(c);
        }
    }
}

/// The middle of the fighting: the mean cell of the units on the front line, else of the
/// front line itself.
fn front_centre(b: &super::super::board::Board) -> Option<crate::sim::map::Cell> {
    let map = b.game().map();
    let pic = &b.session.picture;
    let mean = |cells: &mut dyn Iterator<Item = usize>| {
        let (mut n, mut sx, mut sy) = (0i64, 0i64, 0i64);
        for i in cells {
            let c = map.cell_at(i);
            n += 1;
            sx += c.x as i64;
            sy += c.y as i64;
        }
        (n > 0).then(|| crate::sim::map::Cell::new((sx / n) as i16, (sy / n) as i16))
    };
    mean(&mut (0..map.len()).filter(|&i| pic.front[i] && pic.cells[i].top.is_some()))
        .or_else(|| mean(&mut (0..map.len()).filter(|&i| pic.front[i])))
}
