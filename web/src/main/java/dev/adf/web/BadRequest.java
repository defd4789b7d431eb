package dev.adf.web;

/** A request the user can fix (a bad parameter): answered 400 with the message. */
final class BadRequest extends RuntimeException {
  BadRequest(String message) {
    super(message);
  }
}
