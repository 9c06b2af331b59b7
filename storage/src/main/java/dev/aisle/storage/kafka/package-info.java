/**
 * Kafka: client configuration (plain or IAM), the topics and their creation, and what is sent to
 * them: events and erasure commands on the interactions topic.
 */
package dev.aisle.storage.kafka;
