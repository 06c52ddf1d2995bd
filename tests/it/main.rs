//! One integration-test binary (one link step). Store and scenario stories run on SQLite and
//! on PostgreSQL (`CLINIC_TEST_PG_URL`, default `postgres://postgres@127.0.0.1:5432/postgres`).
mod cli;
mod concurrency;
mod scenarios;
mod store;
mod support;
