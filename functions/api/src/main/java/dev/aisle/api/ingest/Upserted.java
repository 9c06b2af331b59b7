package dev.aisle.api.ingest;

/** The answer of {@code POST /items} and {@code POST /users}: how many were written. */
public record Upserted(int accepted) {}
