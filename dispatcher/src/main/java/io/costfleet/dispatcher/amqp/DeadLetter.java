package io.costfleet.dispatcher.amqp;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Map;

/**
 * A dead-lettered message as the operator API shows it, without consuming it.
 *
 * @param position        0-based position in the queue at the time of the look
 * @param context         the {@code x-costfleet-*} context headers (stage, provider, exception, attempts, ...)
 * @param headers         the other headers ({@code x-death} and the like)
 * @param payload         the body as JSON, when it is JSON
 * @param payloadText     the body otherwise: UTF-8 text, or base64 when {@code payloadEncoding} says so
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DeadLetter(int position, String jobId, String routingKey, Map<String, Object> context,
    Map<String, Object> headers, JsonNode payload, String payloadText, String payloadEncoding, Integer priority,
    Instant timestamp, boolean redelivered, int bytes) {}
