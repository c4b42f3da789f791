package com.cspmarket.kit;

import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.axonframework.modelling.command.ConflictingAggregateVersionException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.lang.Nullable;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import jakarta.validation.ConstraintViolationException;
import java.net.URI;
import java.util.List;
import java.util.Map;

/** Every error leaves as RFC 9457 problem+json with a stable type per business error. */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {

    static final String TYPE_BASE = "https://cspmarket.example/problems/";

    @ExceptionHandler(BusinessException.class)
    ProblemDetail business(BusinessException e) {
        ProblemDetail problem = problem(e.status(), e.code(), e.getMessage());
        e.properties().forEach(problem::setProperty);
        return problem;
    }

    @ExceptionHandler(CommandExecutionException.class)
    ProblemDetail command(CommandExecutionException e) {
        Throwable cause = e.getCause();
        if (cause instanceof BusinessException b) {
            return business(b);
        }
        if (e.getDetails().orElse(null) instanceof BusinessException b) {
            return business(b);
        }
        if (cause instanceof RuntimeException r && !(cause instanceof CommandExecutionException)) {
            ProblemDetail mapped = infrastructure(r);
            if (mapped != null) {
                return mapped;
            }
        }
        throw e;
    }

    @ExceptionHandler({AggregateNotFoundException.class})
    ProblemDetail notFound(AggregateNotFoundException e) {
        return problem(HttpStatus.NOT_FOUND, "not-found", "No such resource: " + e.getAggregateIdentifier());
    }

    @ExceptionHandler(ConflictingAggregateVersionException.class)
    ProblemDetail staleVersion(ConflictingAggregateVersionException e) {
        return staleVersionProblem(e);
    }

    private static ProblemDetail staleVersionProblem(ConflictingAggregateVersionException e) {
        return problem(HttpStatus.PRECONDITION_FAILED, "stale-version",
                "The resource changed since the version in If-Match (now " + e.getActualVersion() + "); read it again");
    }

    @ExceptionHandler({ConcurrencyException.class, EventStoreException.class,
            org.axonframework.modelling.command.AggregateStreamCreationException.class})
    ProblemDetail conflict(RuntimeException e) {
        return infrastructure(e);
    }

    /**
     * The database cannot be reached or gave no connection in time (restarting, overloaded): nothing was done, the
     * request may be sent again; 503 with Retry-After, never a 500.
     */
    @ExceptionHandler({org.springframework.transaction.CannotCreateTransactionException.class,
            org.springframework.dao.DataAccessResourceFailureException.class,
            org.springframework.dao.TransientDataAccessResourceException.class})
    ResponseEntity<ProblemDetail> databaseUnavailable(RuntimeException e) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "1")
                .body(problem(HttpStatus.SERVICE_UNAVAILABLE, "temporarily-unavailable",
                        "The database is not reachable just now; nothing was changed, send the request again"));
    }

    @ExceptionHandler({ConstraintViolationException.class, MethodArgumentTypeMismatchException.class,
            IllegalArgumentException.class})
    ProblemDetail badInput(Exception e) {
        return problem(HttpStatus.BAD_REQUEST, "invalid-request", e.getMessage());
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "invalid-request", "The request has invalid fields");
        List<Map<String, String>> errors = ex.getBindingResult().getFieldErrors().stream()
                .map(ProblemHandler::fieldError)
                .toList();
        problem.setProperty("errors", errors);
        return ResponseEntity.badRequest().body(problem);
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
                                                                            HttpHeaders headers, HttpStatusCode status,
                                                                            WebRequest request) {
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "invalid-request", "The request has invalid parameters");
        problem.setProperty("errors", ex.getAllErrors().stream()
                .map(error -> Map.of("message", String.valueOf(error.getDefaultMessage())))
                .toList());
        return ResponseEntity.badRequest().body(problem);
    }

    @Override
    protected ResponseEntity<Object> createResponseEntity(@Nullable Object body, HttpHeaders headers,
                                                          HttpStatusCode statusCode, WebRequest request) {
        if (body instanceof ProblemDetail problem) {
            if (problem.getType().equals(URI.create("about:blank"))) {
                problem.setType(URI.create(TYPE_BASE + (statusCode.value() == 415 ? "unsupported-media-type"
                        : statusCode.value() == 405 ? "method-not-allowed" : statusCode.value() == 404 ? "not-found"
                        : statusCode.is4xxClientError() ? "invalid-request" : "server-error")));
            }
            partnerCenterMembers(problem);
        }
        return super.createResponseEntity(body, headers, statusCode, request);
    }

    /** Partner Center's error members, beside RFC 9457's: {@code code} (a stable number) and {@code description}. */
    static ProblemDetail partnerCenterMembers(ProblemDetail problem) {
        String type = problem.getType().toString();
        problem.setProperty("code", ProblemCodes.codeOf(type.substring(type.lastIndexOf('/') + 1)));
        problem.setProperty("description", problem.getDetail() != null ? problem.getDetail() : problem.getTitle());
        return problem;
    }

    private static Map<String, String> fieldError(FieldError error) {
        return Map.of("field", error.getField(), "message", String.valueOf(error.getDefaultMessage()));
    }

    @Nullable
    private static ProblemDetail infrastructure(RuntimeException e) {
        if (e instanceof ConflictingAggregateVersionException stale) {
            return staleVersionProblem(stale);
        }
        if (e instanceof org.axonframework.modelling.command.AggregateStreamCreationException) {
            return problem(HttpStatus.CONFLICT, "already-exists",
                    "A resource with this id already exists (send the first request's MS-RequestId to get its answer again)");
        }
        if (e instanceof ConcurrencyException) {
            return problem(HttpStatus.CONFLICT, "conflict",
                    "The resource was changed or created concurrently; read it again and retry");
        }
        if (e instanceof EventStoreException) {
            // the store could not be written (unreachable, restarting): nothing was recorded, the same request may
            // be sent again (a conflict is a ConcurrencyException, above)
            return problem(HttpStatus.SERVICE_UNAVAILABLE, "temporarily-unavailable",
                    "The event store could not record the change; nothing was changed, send the request again");
        }
        if (e instanceof AggregateNotFoundException a) {
            return problem(HttpStatus.NOT_FOUND, "not-found", "No such resource: " + a.getAggregateIdentifier());
        }
        return null;
    }

    /**
     * Writes a problem+json answer where no handler runs (filters, security): the same members as
     * {@link #problem}.
     */
    static void write(jakarta.servlet.http.HttpServletResponse response, HttpStatus status, String code, String detail)
            throws java.io.IOException {
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("type", TYPE_BASE + code);
        body.put("title", status.getReasonPhrase());
        body.put("status", status.value());
        body.put("detail", detail);
        body.put("code", ProblemCodes.codeOf(code));
        body.put("description", detail);
        response.setStatus(status.value());
        response.setContentType("application/problem+json");
        response.getOutputStream().write(JSON.writeValueAsBytes(body)); // UTF-8, as JSON is
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    static ProblemDetail problem(HttpStatus status, String code, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(TYPE_BASE + code.replaceAll("[^A-Za-z0-9._-]+", "-")));
        problem.setTitle(status.getReasonPhrase());
        return partnerCenterMembers(problem);
    }
}
