package dev.aisle.infra;

import software.amazon.awscdk.App;

/** The CDK app: {@code npx cdk synth|diff|deploy} in infra/aws runs this (see cdk.json). */
public final class AisleApp {

  private AisleApp() {}

  public static void main(String[] args) {
    App app = new App();
    AisleDeployment.create(app);
    app.synth();
  }
}
