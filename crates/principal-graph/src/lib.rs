//! Graph analyses of the architecture model: cycles and how to break them, levels, Martin's
//! metrics, propagation cost, Lakos's CCD, core-periphery classes, structure smells and
//! communities.
//!
//! **Invariant:** pure functions over an in-memory [`principal_model::Model`]; no I/O, no
//! clock, deterministic (ties break by index or path).

// No I/O here: clippy.toml lists what this bans (std::fs, std::env, std::process, stdout).
#![warn(clippy::disallowed_methods, clippy::disallowed_types)]

pub mod algo;
mod architecture;
mod view;

pub use architecture::{
    Architecture, ComponentMetrics, CorePeriphery, Cycle, Disagreement, Hub, Level, Metrics, SdpViolation,
    analyze, dependency_edge,
};
pub use view::{Diagram, DiagramEdge, OTHERS, View, ViewEdge, ViewNode, diagram, view};
