//! Typed facts read out of a posting's text: pay, and (next) years of experience. The document
//! stage keeps them; rules and output read them.

pub mod salary;
