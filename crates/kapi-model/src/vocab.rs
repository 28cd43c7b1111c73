//! Vocabulary tables (being written).
