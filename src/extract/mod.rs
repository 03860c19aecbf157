//! Typed facts read out of a posting's text: pay, years of experience, dates. The document
//! stage keeps them; rules and output read them.

pub mod date;
pub mod experience;
pub mod salary;
