//! The phases of a day, in the order they run (DESIGN §4). Each is a function over the
//! game that appends the events it caused.

pub mod cohesion;
pub mod drones;
pub mod fires;
pub mod movement;
pub mod orders;
pub mod recon;
pub mod reinforce;
pub mod supply;
pub mod victory;
