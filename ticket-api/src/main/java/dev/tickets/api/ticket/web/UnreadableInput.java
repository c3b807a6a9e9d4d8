package dev.tickets.api.ticket.web;

import java.util.stream.Collectors;
import org.springframework.web.server.ServerWebInputException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Says what was wrong with an unreadable request in words a client can act on, without quoting
 * parser messages, class names or stack traces.
 */
final class UnreadableInput {

  private UnreadableInput() {}

  static String describe(ServerWebInputException ex) {
    JacksonException json = jsonCause(ex);
    if (json instanceof UnrecognizedPropertyException unknown) {
      return "Unknown field '" + unknown.getPropertyName() + "'; a ticket has only title and price";
    }
    if (json instanceof MismatchedInputException mismatch && !mismatch.getPath().isEmpty()) {
      return "Field '"
          + path(mismatch)
          + "' has the wrong type: title must be a JSON string and "
          + "price a JSON number";
    }
    if (json instanceof StreamReadException) {
      return "The request body is not well-formed JSON";
    }
    if (json != null) {
      return "The request body is not a valid ticket: it must be a JSON object with title and price";
    }
    return ex.getReason() != null ? ex.getReason() : "The request could not be read";
  }

  private static JacksonException jsonCause(Throwable ex) {
    for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
      if (cause instanceof JacksonException json) {
        return json;
      }
    }
    return null;
  }

  private static String path(MismatchedInputException mismatch) {
    return mismatch.getPath().stream()
        .map(
            reference ->
                reference.getPropertyName() != null
                    ? reference.getPropertyName()
                    : "[" + reference.getIndex() + "]")
        .collect(Collectors.joining("."));
  }
}
