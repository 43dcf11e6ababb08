//! Small normalizers: text in, values out. Each is pure and unit-tested on every case
//! of docs/SPEC.md. They know the form's vocabulary but nothing of file formats or of
//! where a value sits in the form (that is the mapper's job).

pub mod checkbox;
pub mod choices;
pub mod dates;
pub mod names;
pub mod numbers;
pub mod text;
pub mod themes;
