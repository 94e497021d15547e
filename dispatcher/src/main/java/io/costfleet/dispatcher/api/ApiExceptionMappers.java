package io.costfleet.dispatcher.api;

import io.costfleet.source.TransientException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.time.format.DateTimeParseException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Errors as JSON: a bad request names what is wrong (400); RabbitMQ or Redis out of reach is a 503. */
public class ApiExceptionMappers {
  private static final Logger LOG = Logger.getLogger(ApiExceptionMappers.class);

  @ServerExceptionMapper
  public Response badRequest(IllegalArgumentException e) {
    return json(Response.Status.BAD_REQUEST, e.getMessage());
  }

  @ServerExceptionMapper
  public Response badDate(DateTimeParseException e) {
    return json(Response.Status.BAD_REQUEST, "'" + e.getParsedString() + "' is not a period (YYYY-MM) or date");
  }

  @ServerExceptionMapper
  public Response unavailable(IOException e) {
    LOG.warnf("RabbitMQ unavailable: %s", e.getMessage());
    return json(Response.Status.SERVICE_UNAVAILABLE, "RabbitMQ unavailable: " + e.getMessage());
  }

  @ServerExceptionMapper
  public Response unavailable(TransientException e) {
    LOG.warnf("dependency unavailable: %s", e.getMessage());
    return json(Response.Status.SERVICE_UNAVAILABLE, e.getMessage());
  }

  static Response json(Response.Status status, String message) {
    return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(new ApiDtos.ErrorBody(message))
        .build();
  }
}
