package dev.aisle.trainer.training;

import com.fasterxml.jackson.annotation.JsonInclude;

/** One ALS sweep as the report shows it: time, and loss or validation metric when measured. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IterationRecord(int iteration, double seconds, Double loss, Double validation) {}
