//! Faults around the command line: issues reached through links that lead out of the
//! project, readers that go away before the output is written, and processes killed
//! while they write or while their temporary folders exist.

mod confinement;
mod leftovers;
mod pipes;
