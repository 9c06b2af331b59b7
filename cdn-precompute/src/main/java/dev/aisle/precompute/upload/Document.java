package dev.aisle.precompute.upload;

import java.util.function.Supplier;

/**
 * A document to publish: its path under the layout's root ({@code popular.json}, {@code
 * similar/i42.json}…) and how to build its body, called on a publishing thread so that bodies are
 * built in parallel and never all held at once.
 */
public record Document(String path, Supplier<Object> body) {}
