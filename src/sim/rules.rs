//! Every rule number of the game, as loaded from `assets/rules.ron` and `assets/units.ron`.
//!
//! The engine reads numbers only from here; each value's source (a line of
//! `shared/sources/FACTS.md`, the source article, or "balance") is written beside it in the
//! RON files. This module gives the numbers names, types and ranges: each field's allowed
//! range is declared beside it in brackets (`[PROB]`, `[within(0.05, 1000.0)]`; see
//! `sim::bounds`), and every way a number comes in is checked against it. A new field
//! declares its range the same way, on its own line.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::bounds::{within, DAYS, FACTOR, FREE, GROUP, PROB};
use super::map::Terrain;
use crate::{bounded, unbounded};

bounded! {
    /// How terrain changes movement, cover and detection.
    #[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
    #[serde(deny_unknown_fields)]
    pub struct TerrainEffect {
        /// Movement points spent to enter a cell of this terrain off-road.
        pub move_cost: f64 [within(0.05, 1000.0)],
        /// Multiplier on a drone's or shell's chance to hit a unit here (1 = no cover).
        pub cover: f64 [within(0.0, 10.0)],
        /// Multiplier on a defender's strength here.
        pub defence: f64 [within(0.01, 100.0)],
        /// Multiplier on the chance that a unit here is detected.
        pub concealment: f64 [within(0.0, 10.0)],
    }
}

bounded! {
    #[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
    #[serde(deny_unknown_fields)]
    pub struct TerrainRules {
        pub open: TerrainEffect [GROUP],
        pub farmland: TerrainEffect [GROUP],
        pub forest: TerrainEffect [GROUP],
        pub urban: TerrainEffect [GROUP],
        pub water: TerrainEffect [GROUP],
        /// Movement cost along a highway or road (replaces the terrain's cost).
        pub highway_move_cost: f64 [within(0.05, 1000.0)],
        pub road_move_cost: f64 [within(0.05, 1000.0)],
        /// Extra movement cost to cross a river cell without a road.
        pub river_extra_cost: f64 [within(0.0, 1000.0)],
        /// Extra multiplier on cover and concealment in a cell with a tree line.
        pub treeline_cover: f64 [within(0.0, 10.0)],
        pub treeline_concealment: f64 [within(0.0, 10.0)],
        /// Extra sight (cells) for a unit observing from a spoil heap.
        pub spoil_heap_sight: i32 [within(0.0, 50.0)],
        /// Multiplier on defence on a spoil heap.
        pub spoil_heap_defence: f64 [within(0.01, 100.0)],
    }
}

impl TerrainRules {
    pub fn effect(&self, t: Terrain) -> &TerrainEffect {
        match t {
            Terrain::Open => &self.open,
            Terrain::Farmland => &self.farmland,
            Terrain::Forest => &self.forest,
            Terrain::Urban => &self.urban,
            Terrain::Water => &self.water,
        }
    }
}

bounded! {
    #[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
    #[serde(deny_unknown_fields)]
    pub struct ReconRules {
        /// Chance per day that a recon drone sees a unit of signature 1 in open ground inside its coverage.
        pub recon_drone_detect: f64 [PROB],
        /// Same for strike drones' own cameras inside their coverage.
        pub strike_drone_detect: f64 [PROB],
        /// Same for a ground unit observing within its sight range.
        pub ground_detect: f64 [PROB],
        /// Units in contact (adjacent cells) are always detected.
        pub contact_range: i32 [within(0.0, 10.0)],
        /// Multiplier on a unit's signature while it moves.
        pub moving_signature: f64 [FACTOR],
        /// Multiplier on a unit's signature while dug in.
        pub dug_in_signature: f64 [FACTOR],
        /// Highest chance of detecting a unit not in contact (nothing is certain in the fog).
        pub max_detect: f64 [PROB],
        /// A crowd gives itself away: extra signature (fraction) when a cell holds `drones.crowd_reference` soldiers.
        pub crowd_signature: f64 [FACTOR],
    }
}

bounded! {
    #[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
    #[serde(deny_unknown_fields)]
    pub struct DroneRules {
        /// Chance that one strike sortie hits its target in open ground with no jamming.
        pub hit_chance: f64 [PROB],
        /// Highest chance of a hit per sortie or shell, whatever the bonuses.
        pub max_hit_chance: f64 [PROB],
        /// Personnel casualties from one hit on dispersed troops.
        pub casualties_per_hit: f64 [within(0.0, 1000.0)],
        /// Massing: a cell's pull on sorties grows as (signature in the cell) ^ this exponent.
        pub massing_exponent: f64 [within(0.0, 10.0)],
        /// Massing: extra casualties per hit when a cell holds many soldiers (fraction at `crowd_reference`).
        pub crowd_bonus: f64 [FACTOR],
        /// Personnel in one cell at which `crowd_bonus` is reached in full.
        pub crowd_reference: f64 [within(1.0, 100_000.0)],
        /// Chance that a hit on a unit with vehicles lands on a vehicle.
        pub vehicle_hit_share: f64 [PROB],
        /// Chance that a vehicle hit destroys the vehicle.
        pub vehicle_kill_chance: f64 [PROB],
        /// Hit chance multiplier for a bomber drone's sortie (heavier payload, fewer sorties).
        pub bomber_hit_bonus: f64 [FACTOR],
        /// Casualty multiplier for bomber hits.
        pub bomber_casualty_bonus: f64 [FACTOR],
        /// Drone stock spent per strike sortie (one FPV per sortie; bombers are reused).
        pub drones_per_strike_sortie: f64 [within(0.0, 1000.0)],
        pub drones_per_bomber_sortie: f64 [within(0.0, 1000.0)],
        /// Hit chance multiplier against dug-in troops (per level of digging in).
        pub dug_in_cover_per_level: f64 [FACTOR],
        /// Multiplier on sorties for a side holding the `mass_drone_units` edge.
        pub mass_units_sortie_bonus: f64 [within(0.0, 10.0)],
        /// How far in front of its base a drone unit may set the centre of its sector (cells), as a share of its range.
        pub sector_reach_share: f64 [PROB],
        /// Most sorties one unit spends on one target in a day, per soldier and per vehicle of the target
        /// (operators do not send sixty drones after one squad); unused sorties are not flown.
        pub max_sorties_per_soldier: f64 [within(0.0, 100.0)],
        pub max_sorties_per_vehicle: f64 [within(0.0, 100.0)],
        /// A unit set to interdict a route narrows its sector to this share of its radius (denser coverage).
        pub interdict_radius_share: f64 [PROB],
        /// The unit types that make up a drone line (what `--set SIDE.drone_line=off` removes), and how
        /// many to add, how deep behind the front, when a scenario without one is switched on.
        pub line_units: Vec<String> [FREE],
        pub line_units_added: u32 [within(0.0, 20.0)],
        pub line_depth: i32 [within(0.0, 60.0)],
        /// ...and weighs moving units and supply hubs in it this much more when picking targets.
        pub interdict_priority: f64 [FACTOR],
    }
}

impl DroneRules {
    /// Radius of a drone unit's sector, narrower when it interdicts a route.
    pub fn sector_radius(&self, radius: i32, interdict: bool) -> i32 {
        if interdict {
            ((radius as f64 * self.interdict_radius_share) as i32).max(1)
        } else {
            radius
        }
    }
}

bounded! {
    #[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
    #[serde(deny_unknown_fields)]
    pub struct FireRules {
        /// Personnel casualties per shell landing on a detected target in open ground.
        pub casualties_per_shell: f64 [within(0.0, 100.0)],
        /// Chance a shell fired at a detected unit lands close enough to count.
        pub shell_accuracy: f64 [PROB],
        /// Shells fired per day by a battery is capped by its template and the side's stock.
        /// Share of Russia's glide bombs that Ukraine's air defence lets through, by aid track
        /// (the bombs themselves are the scenario's: `glide_bombs_per_day`).
        pub glide_bombs_through_more: f64 [PROB],
        pub glide_bombs_through_same: f64 [PROB],
        pub glide_bombs_through_cutoff: f64 [within(0.0, 2.0)],
        /// Casualties per glide bomb on a position or town cell.
        pub casualties_per_glide_bomb: f64 [within(0.0, 1000.0)],
        /// Chance a glide bomb hits its aim point.
        pub glide_bomb_accuracy: f64 [PROB],
        /// Fortification levels removed by a glide bomb hit.
        pub glide_bomb_fort_damage: u8 [within(0.0, 10.0)],
        /// Front-wide long-range rocket strikes per day on hubs, by aid track, for Ukraine (the
        /// sector takes the scenario's intensity share).
        pub rockets_per_day_more: f64 [within(0.0, 100.0)],
        pub rockets_per_day_same: f64 [within(0.0, 100.0)],
        pub rockets_per_day_cutoff: f64 [within(0.0, 100.0)],
        /// Chance a rocket destroys a supply hub's capacity for the day (hub damage).
        pub rocket_hub_damage: f64 [PROB],
        /// Days a hub needs to recover after rocket damage.
        pub hub_repair_days: u32 [DAYS],
        /// Chance that a shell hit on a unit with vehicles destroys one.
        pub vehicle_kill_per_shell_hit: f64 [PROB],
        /// A side's guns fire at most what reaches the sector in a day plus this share of
        /// the stock: 1/`ration_days` of it (shells are rationed against the days they must last).
        pub ration_days: f64 [within(1.0, 365.0)],
    }
}

bounded! {
    #[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
    #[serde(deny_unknown_fields)]
    pub struct MovementRules {
        /// Hazard of a hit while moving under enemy strike coverage, per expected sortie over the
        /// cell, per day spent in it (a cell costing `c` points to a unit of speed `v` takes `c / v`
        /// of a day), per unit of the mover's signature.
        pub exposure_per_sortie_day: f64 [within(0.0, 1000.0)],
        /// Coverage at which exposure is counted in full (coverage above adds nothing).
        pub coverage_cap: f64 [within(0.0, 100.0)],
        /// Highest chance of being hit in one cell.
        pub max_exposure: f64 [PROB],
        /// Movement cost multiplier for entering a cell the enemy holds (moving by night, off the
        /// tracks, clearing as one goes).
        pub enemy_ground_cost: f64 [within(1.0, 100.0)],
        /// A move ends on entering a cell next to an enemy ground-holding unit (contact).
        pub contact_stops_move: bool [FREE],
        /// Limit on cells explored when planning a path (keeps pathing bounded).
        pub path_search_limit: u32 [within(1.0, 100_000.0)],
        /// Path cost added per unit of enemy coverage over a cell (units route around kill zones).
        pub coverage_path_penalty: f64 [within(0.0, 100.0)],
        /// How far ahead a unit plans its route, in days of its movement (it replans every day).
        pub path_horizon: f64 [within(0.0, 30.0)],
        /// What a planner reckons each cell still between it and its goal will cost (the route
        /// search's heuristic): at or below the cheapest step it plans the cheapest route and
        /// searches widely; above it, it heads for the goal sooner and searches less.
        pub path_cost_ahead: f64 [within(0.01, 100.0)],
    }
}

bounded! {
    #[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
    #[serde(deny_unknown_fields)]
    pub struct AssaultRules {
        /// Attacker needs about this ratio of strength for even odds (Dupuy: ~2:1).
        pub even_odds_ratio: f64 [within(0.01, 100.0)],
        /// Steepness of the odds curve: p = r^k / (r^k + even^k).
        pub odds_exponent: f64 [within(0.01, 20.0)],
        /// Share of an attacking force lost in one failed assault / in a successful one.
        pub attacker_loss_failed: f64 [PROB],
        pub attacker_loss_won: f64 [PROB],
        /// Share of defenders lost when they hold / when they are driven out.
        pub defender_loss_held: f64 [PROB],
        pub defender_loss_lost: f64 [PROB],
        /// Share of surviving defenders captured when they cannot retreat.
        pub captured_if_trapped: f64 [PROB],
        /// Defence multiplier per level of digging in.
        pub fort_per_level: f64 [within(0.0, 10.0)],
        /// Support: strength multiplier per unit of own strike coverage over the target cell.
        pub drone_support_per_coverage: f64 [within(0.0, 10.0)],
        pub max_drone_support: f64 [within(0.0, 10.0)],
        /// Support: strength multiplier when own artillery is in range of the target.
        pub artillery_support: f64 [within(0.0, 10.0)],
        /// How much supply and cohesion weigh on strength: multiplier = 1 - weight × (1 - level).
        pub supply_weight: f64 [PROB],
        pub cohesion_weight: f64 [PROB],
        /// Below this supply level a unit cannot assault.
        pub min_supply_to_assault: f64 [PROB],
        /// Below this cohesion a unit cannot assault.
        pub min_cohesion_to_assault: f64 [PROB],
        /// Cohesion lost by the loser of an assault and by the winner.
        pub cohesion_loss_loser: f64 [PROB],
        pub cohesion_loss_winner: f64 [PROB],
    }
}

bounded! {
    #[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
    #[serde(deny_unknown_fields)]
    pub struct SupplyRules {
        /// Throughput lost per cell of road travelled / per cell off-road.
        pub loss_per_road_cell: f64 [PROB],
        pub loss_per_offroad_cell: f64 [PROB],
        /// Throughput lost per unit of enemy strike coverage over a cell on the route.
        pub interdiction_per_coverage: f64 [PROB],
        /// Highest loss in one cell.
        pub max_cell_loss: f64 [PROB],
        /// A unit is cut off below this supply level.
        pub cut_threshold: f64 [PROB],
        /// Cohesion lost per day cut off, growing with each further day.
        pub cohesion_loss_per_cut_day: f64 [PROB],
        /// Cohesion regained per day in supply.
        pub cohesion_regain: f64 [PROB],
    }
}

bounded! {
    #[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
    #[serde(deny_unknown_fields)]
    pub struct RecruitRules {
        /// Most replacements one unit takes in a day, as a share of its establishment.
        pub replacement_share_per_day: f64 [PROB],
        /// Units need at least this supply to take replacements at the full rate.
        pub min_supply_for_replacements: f64 [PROB],
        /// Below it, replacements still walk in, in small groups, at this share of the full rate.
        pub cut_off_replacement_share: f64 [PROB],
        /// The unit type the pool's soldiers are formed into once units are up to strength.
        pub new_unit_template: String [FREE],
        /// Days from a soldier's arrival in the pool to the front in a new unit: each day this
        /// share of the pool is formed into units (1 / days).
        pub formation_days: f64 [within(1.0, 365.0)],
        /// Most units a side may have alive at once, as a multiple of the units it started with:
        /// a bound on the game's size (memory and time), not a rule of war; the pool keeps the rest.
        pub max_units_factor: f64 [within(1.0, 10.0)],
    }
}

bounded! {
    /// How objectives are scored.
    #[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
    #[serde(deny_unknown_fields)]
    pub struct VictoryRules {
        /// A town counts as taken when the attacker holds this share of its built-up cells.
        pub town_share: f64 [PROB],
    }
}

bounded! {
    #[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
    #[serde(deny_unknown_fields)]
    pub struct CohesionRules {
        /// Below this, a unit breaks: it falls back (positions) or is spent.
        pub break_threshold: f64 [PROB],
        /// Share of a broken unit's troops lost (captured or scattered) when it breaks.
        pub break_losses: f64 [PROB],
        /// Cohesion lost per 1% of strength lost in one day.
        pub loss_shock: f64 [PROB],
        /// Units below this share of their establishment are disbanded into the pool.
        pub disband_below: f64 [PROB],
        /// Cohesion of a unit's survivors once they have fallen back and rallied after breaking.
        pub rally_cohesion: f64 [PROB],
    }
}

bounded! {
    /// Who holds a cell: troops standing alone in an enemy-held cell take it at nightfall unless
    /// the holder contests it, from neighbouring cells and with the drones that see them there.
    #[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
    #[serde(deny_unknown_fields)]
    pub struct ControlRules {
        /// Weight of the holder's ground troops in neighbouring cells (per soldier × defence).
        pub contest_per_neighbour: f64 [within(0.0, 100.0)],
        /// The holder's strike sorties a day over the cell at which its drones deny it half the
        /// time to troops they have found there (denial = found × cover / (cover + this)).
        pub denial_half_sorties: f64 [within(0.001, 1000.0)],
        /// The cell is taken with even odds when the troops in it are this many times the contest.
        pub even_ratio: f64 [within(0.01, 100.0)],
        /// Steepness of the chance curve: p = r^k / (r^k + even^k).
        pub exponent: f64 [within(0.01, 20.0)],
    }
}

bounded! {
    #[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
    #[serde(deny_unknown_fields)]
    pub struct TechEdgeRules {
        /// Days before the other side can start to copy it.
        pub copy_after_days: u32 [DAYS],
        /// Chance per day after that that it is copied.
        pub copy_daily_chance: f64 [PROB],
    }
}

bounded! {
    #[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
    #[serde(deny_unknown_fields)]
    pub struct TechRules {
        pub fiber_optic: TechEdgeRules [GROUP],
        pub mass_drone_units: TechEdgeRules [GROUP],
    }
}

bounded! {
    #[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
    #[serde(deny_unknown_fields)]
    pub struct WillRules {
        /// Will lost per 1,000 personnel lost.
        pub per_thousand_losses: f64 [within(0.0, 100.0)],
        /// Will gained (or lost) per 10 km² of ground gained (or lost).
        pub per_10_km2: f64 [within(0.0, 100.0)],
        /// Daily change for Ukraine by aid track.
        pub aid_more: f64 [within(-100.0, 100.0)],
        pub aid_same: f64 [within(-100.0, 100.0)],
        pub aid_cutoff: f64 [within(-100.0, 100.0)],
        /// Daily drift (war weariness) for both sides.
        pub weariness: f64 [within(-100.0, 100.0)],
    }
}

bounded! {
    #[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
    #[serde(deny_unknown_fields)]
    pub struct AidRules {
        /// Multipliers on Ukraine's shell and armour production by aid track.
        pub shells_more: f64 [FACTOR],
        pub shells_same: f64 [FACTOR],
        pub shells_cutoff: f64 [FACTOR],
        pub armor_more: f64 [FACTOR],
        pub armor_same: f64 [FACTOR],
        pub armor_cutoff: f64 [FACTOR],
    }
}

bounded! {
    /// All rule numbers except unit stats.
    #[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
    #[serde(deny_unknown_fields)]
    pub struct Rules {
        pub terrain: TerrainRules [GROUP],
        pub recon: ReconRules [GROUP],
        pub drones: DroneRules [GROUP],
        pub fires: FireRules [GROUP],
        pub movement: MovementRules [GROUP],
        pub assault: AssaultRules [GROUP],
        pub supply: SupplyRules [GROUP],
        pub recruitment: RecruitRules [GROUP],
        pub cohesion: CohesionRules [GROUP],
        pub control: ControlRules [GROUP],
        pub tech: TechRules [GROUP],
        pub will: WillRules [GROUP],
        pub aid: AidRules [GROUP],
        pub victory: VictoryRules [GROUP],
        pub ceasefire: CeasefireRules [GROUP],
    }
}

bounded! {
    /// "Peace, postponed" (DESIGN §5): when a ceasefire on current lines is proposed and what makes
    /// each side take it.
    #[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
    #[serde(deny_unknown_fields)]
    pub struct CeasefireRules {
        /// First proposal on this day, then every `interval_days` (0: never).
        pub first_day: u32 [DAYS],
        pub interval_days: u32 [DAYS],
        /// Days over which the course of the war (Russia's net km² a day) is judged.
        pub trend_days: u32 [DAYS],
        /// Russia accepts when its will is below this, or when its front-wide gain is below this
        /// many km² a day.
        pub ru_accepts_below_will: f64 [within(0.0, 100.0)],
        pub ru_accepts_if_front_gain_below: f64 [within(-1000.0, 1000.0)],
        /// Ukraine accepts a freeze on the current lines unless it wins back more than this many
        /// km² a day across the front; below this will it accepts whatever the course.
        pub ua_accepts_below_will: f64 [within(0.0, 100.0)],
        pub ua_refuses_if_winning_above: f64 [within(-1000.0, 1000.0)],
        /// Chance an accepted ceasefire holds (the commitment problem: no credible guarantees).
        pub guarantee_chance: f64 [PROB],
    }
}

/// What a unit is, which decides the orders it can take and the phases that act on it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum UnitKind {
    AssaultTeam,
    Position,
    ArmoredGroup,
    MotorGroup,
    Drone,
    Ew,
    Artillery,
    Reserve,
    SupplyHub,
    Hq,
}

impl UnitKind {
    pub fn name(self) -> &'static str {
        match self {
            UnitKind::AssaultTeam => "assault team",
            UnitKind::Position => "defended position",
            UnitKind::ArmoredGroup => "armored group",
            UnitKind::MotorGroup => "motorcycle group",
            UnitKind::Drone => "drone unit",
            UnitKind::Ew => "EW station",
            UnitKind::Artillery => "artillery battery",
            UnitKind::Reserve => "reserve",
            UnitKind::SupplyHub => "supply hub",
            UnitKind::Hq => "HQ",
        }
    }
    /// Units that fight for ground: they can assault and hold cells.
    pub fn is_manoeuvre(self) -> bool {
        matches!(self, UnitKind::AssaultTeam | UnitKind::ArmoredGroup | UnitKind::MotorGroup | UnitKind::Reserve)
    }
    /// Units that hold ground for control purposes.
    pub fn holds_ground(self) -> bool {
        self.is_manoeuvre() || self == UnitKind::Position
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum DroneRole {
    Recon,
    Strike,
    Bomber,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum DroneLink {
    Radio,
    Fiber,
}

bounded! {
    #[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
    #[serde(deny_unknown_fields)]
    pub struct DroneStats {
        pub role: DroneRole [FREE],
        pub link: DroneLink [FREE],
        /// How far from its base the unit's drones reach (cells).
        pub range: i32 [within(0.0, 100.0)],
        /// Radius of the sector it covers around its sector centre (cells).
        pub radius: i32 [within(0.0, 100.0)],
        /// Sorties per day at full strength.
        pub sorties: u32 [within(0.0, 10_000.0)],
    }
}

bounded! {
    #[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
    #[serde(deny_unknown_fields)]
    pub struct EwStats {
        pub radius: i32 [within(0.0, 100.0)],
        /// Share of radio-drone hits it prevents in its radius.
        pub suppression: f64 [PROB],
    }
}

bounded! {
    #[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
    #[serde(deny_unknown_fields)]
    pub struct ArtilleryStats {
        pub range: i32 [within(0.0, 200.0)],
        pub shells_per_day: u32 [within(0.0, 10_000.0)],
    }
}

bounded! {
    #[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
    #[serde(deny_unknown_fields)]
    pub struct HubStats {
        /// Cells over which it can push supply before throughput has decayed.
        pub reach: i32 [within(0.0, 500.0)],
    }
}

bounded! {
    /// A unit type: what one unit of it is at full strength.
    #[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
    #[serde(deny_unknown_fields)]
    pub struct UnitTemplate {
        pub kind: UnitKind [FREE],
        pub name: String [FREE],
        pub personnel: u32 [within(1.0, 100_000.0)],
        #[serde(default)]
        pub vehicles: u32 [within(0.0, 10_000.0)],
        /// Movement points per day (a farmland cell off-road costs 1).
        #[serde(default)]
        pub speed: f64 [within(0.0, 100.0)],
        /// How easy the unit is to see and hit (1 = a dispersed infantry squad).
        pub signature: f64 [within(0.001, 1000.0)],
        /// How far its own observers see (cells).
        #[serde(default)]
        pub sight: i32 [within(0.0, 50.0)],
        /// Combat power per soldier in an assault, and in defence.
        #[serde(default)]
        pub attack: f64 [within(0.0, 1000.0)],
        #[serde(default)]
        pub defence: f64 [within(0.0, 1000.0)],
        /// Soldiers lost when one of its vehicles is destroyed (the troops it carries).
        #[serde(default)]
        pub troops_per_vehicle: f64 [within(0.0, 1000.0)],
        /// Highest level of digging in.
        #[serde(default)]
        pub max_dig_in: u8 [within(0.0, 10.0)],
        /// Days its own stocks (water, food, ammunition, batteries) last when cut off, before
        /// cohesion starts to drain.
        #[serde(default)]
        pub stocks_days: u32 [DAYS],
        /// Days a reserve takes to arrive once committed.
        #[serde(default)]
        pub commit_delay: u32 [DAYS],
        #[serde(default)]
        pub drone: Option<DroneStats> [GROUP],
        #[serde(default)]
        pub ew: Option<EwStats> [GROUP],
        #[serde(default)]
        pub artillery: Option<ArtilleryStats> [GROUP],
        #[serde(default)]
        pub hub: Option<HubStats> [GROUP],
    }
}

unbounded!(UnitKind, DroneRole, DroneLink);

/// Unit templates by id (`assets/units.ron`).
pub type UnitBook = BTreeMap<String, UnitTemplate>;
