/**
 * S3: the model bucket. Models are written, read and named by CURRENT ({@link
 * dev.aisle.storage.s3.ModelStore}), released behind a quality gate, loaded and refreshed by the
 * serving containers ({@link dev.aisle.storage.s3.CurrentModel}) within a memory budget.
 */
package dev.aisle.storage.s3;
