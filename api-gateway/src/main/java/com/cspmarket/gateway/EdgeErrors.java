package com.cspmarket.gateway;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.lang.Nullable;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * What no route or handler of the gateway takes (an unknown path: 404; a method a path does not have: 405; a body
 * Spring cannot read) as the gateway's problem+json, with Partner Center's {@code code} and {@code description}.
 */
@RestControllerAdvice
class EdgeErrors extends ResponseEntityExceptionHandler {

    @Override
    protected ResponseEntity<Object> createResponseEntity(@Nullable Object body, HttpHeaders headers,
                                                          HttpStatusCode statusCode, WebRequest request) {
        EdgeProblems.Problem problem = switch (statusCode.value()) {
            case 404 -> EdgeProblems.Problem.NOT_FOUND;
            case 405 -> EdgeProblems.Problem.METHOD_NOT_ALLOWED;
            case 413 -> EdgeProblems.Problem.TOO_LARGE;
            case 415 -> EdgeProblems.Problem.UNSUPPORTED_MEDIA_TYPE;
            default -> null;
        };
        if (problem == null) {
            return super.createResponseEntity(body, headers, statusCode, request);
        }
        String detail = problem == EdgeProblems.Problem.NOT_FOUND
                ? "No such resource: " + request.getDescription(false).replaceFirst("^uri=", "")
                : body instanceof org.springframework.http.ProblemDetail p && p.getDetail() != null ? p.getDetail()
                : problem.status.getReasonPhrase();
        return ResponseEntity.status(statusCode).headers(headers).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(EdgeProblems.body(problem, detail));
    }
}
