package dev.aisle.api.error;

import dev.aisle.validation.Violation;
import java.util.List;

/** The JSON of every error answer: {@code {"error":code,"message":...,"details":[...]}}. */
public record ErrorBody(String error, String message, List<Violation> details) {}
