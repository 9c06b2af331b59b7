package dev.aisle.precompute.upload;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * No distribution configured (the local stack): the paths a CloudFront invalidation would name are
 * logged.
 */
public final class LoggedInvalidator implements Invalidator {

  private static final Logger LOG = LoggerFactory.getLogger(LoggedInvalidator.class);

  @Override
  public String invalidate(List<String> paths, String reference) {
    for (String path : paths) {
      LOG.info("step=invalidate distribution=none reference={} path={}", reference, path);
    }
    return "logged";
  }
}
