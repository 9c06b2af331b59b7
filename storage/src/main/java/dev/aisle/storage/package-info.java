/**
 * What every store shares: where the stores are and how to reach them ({@link
 * dev.aisle.storage.AisleSettings}, {@link dev.aisle.storage.AwsClients}), the time budget of a
 * call and the failure it ends in ({@link dev.aisle.storage.Deadline}, {@link
 * dev.aisle.storage.StoreUnavailableException}), and rules that hold whichever store keeps the data
 * (event retention, the salted shopper hash).
 *
 * <p>The rule for the packages below this one: a class lives with the one store it talks to, or
 * whose records it defines: {@code dynamo} (tables, their rows, and the stores built on them),
 * {@code kafka} (topics and the records sent to them), {@code s3} (the model bucket: loading,
 * releasing and the limits on a model). A class that talks to no store, or serves all of them,
 * stays here. The local-stack tooling is not here: it is in the {@code aisle-test-support} module.
 */
package dev.aisle.storage;
