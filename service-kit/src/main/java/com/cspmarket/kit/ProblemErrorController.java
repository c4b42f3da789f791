package com.cspmarket.kit;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.servlet.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * What the servlet container rejects before Spring MVC (a malformed URL, a request too large) and anything that
 * escaped every handler is still answered as problem+json, never as an HTML or Boot-shaped error page.
 */
@RestController
class ProblemErrorController implements ErrorController {

    private static final Logger log = LoggerFactory.getLogger(ProblemErrorController.class);

    @RequestMapping("/error")
    ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        HttpStatus status = code instanceof Integer i && HttpStatus.resolve(i) != null ? HttpStatus.resolve(i)
                : HttpStatus.INTERNAL_SERVER_ERROR;
        if (status.is5xxServerError()) {
            log.error("{} {} failed", request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI), status,
                    (Throwable) request.getAttribute(RequestDispatcher.ERROR_EXCEPTION));
        }
        ProblemDetail problem = ProblemHandler.problem(status, status.is4xxClientError() ? "invalid-request" : "server-error",
                status.is4xxClientError() ? "The request could not be read" : "The request failed unexpectedly; it has been logged");
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }
}
