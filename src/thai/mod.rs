//! Thai text toolkit.
