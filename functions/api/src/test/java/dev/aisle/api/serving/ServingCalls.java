package dev.aisle.api.serving;

import static io.restassured.RestAssured.given;

import io.restassured.path.json.JsonPath;
import java.util.List;

/** GET /recommendations from the serving ITs: the answer must be a 200. */
final class ServingCalls {

  private ServingCalls() {}

  static JsonPath recommend(String query) {
    return given().get("/recommendations?" + query).then().statusCode(200).extract().jsonPath();
  }

  /** The recommended item ids, in order. */
  static List<String> items(String query) {
    return recommend(query).getList("items.itemId", String.class);
  }
}
