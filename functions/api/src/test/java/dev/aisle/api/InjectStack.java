package dev.aisle.api;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a test field of type {@link dev.aisle.storage.AisleSettings} that {@link
 * LocalStackResource} fills with the settings of the test's isolated tables, buckets and topics.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface InjectStack {}
