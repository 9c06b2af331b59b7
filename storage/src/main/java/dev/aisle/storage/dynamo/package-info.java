/**
 * DynamoDB: the table layouts ({@link dev.aisle.storage.dynamo.TableDefinitions}), the batch reader
 * and writer with their retries of unprocessed items, and the stores built on the tables (events,
 * items, users, user state, the outbox, erasures and retention). The {@link
 * dev.aisle.storage.dynamo.OutboxRelay} is here too although it sends to Kafka: it is the half of
 * the outbox that empties the table, and what it relays is the table's.
 */
package dev.aisle.storage.dynamo;
