//! One integration-test binary (one link step): scenario, end-to-end and evaluation tests;
//! each module is a story. Store and scenario stories run on SQLite and on PostgreSQL
//! (`CLINIC_TEST_PG_URL`, default `postgres://postgres@127.0.0.1:5432/postgres`).
#![allow(clippy::unwrap_used)]

mod ask;
mod browser;
mod calendar;
mod case_locks;
mod clarify;
mod cli;
mod computed;
mod concurrency;
mod coordinator_cli;
mod coordinators;
mod dashboard;
mod deadlines;
mod desk;
mod eval;
mod hostile;
mod http_limits;
mod knowledge;
mod learn;
mod observability;
mod plan;
mod privacy;
mod ranking;
mod scenarios;
mod schema;
mod spending;
mod store;
mod support;
mod telegram;
mod telegram_ux;
mod webhook;
