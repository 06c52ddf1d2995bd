//! The coordinator CLI against a database the scenarios made.
