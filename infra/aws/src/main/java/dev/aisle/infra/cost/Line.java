package dev.aisle.infra.cost;

/**
 * One priced line of an estimate.
 *
 * @param service the AWS service the bill names it under
 * @param item what is bought
 * @param quantity how much, in the price's unit (readable, e.g. "150.0 M write units")
 * @param usd the month's cost
 */
public record Line(String service, String item, String quantity, double usd) {}
