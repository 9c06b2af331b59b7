package dev.aisle.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
class HealthFunctionTest {

  @Test
  void healthAnswersOk() {
    given().when().get("/health").then().statusCode(200).body("status", equalTo("ok"));
  }
}
