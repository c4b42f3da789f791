package com.cspmarket.kit;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.http.HttpStatus;

import java.io.IOException;
import java.io.Writer;

/**
 * Tomcat's own error report (a request it rejects before the application sees it: a NUL or encoded slash in the
 * path, an oversized request line) as problem+json instead of Tomcat's HTML page.
 */
public class ProblemErrorReportValve extends ErrorReportValve {

    private static String detail(int status) {
        return status < 500 ? "The request is malformed (path, parameters or headers)" : "The request failed unexpectedly";
    }

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        HttpStatus known = HttpStatus.resolve(status);
        String code = status < 500 ? "invalid-request" : "server-error";
        String json = "{\"type\":\"" + ProblemHandler.TYPE_BASE + code + "\",\"title\":\""
                + (known == null ? "Error" : known.getReasonPhrase()) + "\",\"status\":" + status
                + ",\"detail\":\"" + detail(status) + "\",\"code\":\"" + ProblemCodes.codeOf(code)
                + "\",\"description\":\"" + detail(status) + "\"}";
        try {
            response.setContentType("application/problem+json");
            response.setCharacterEncoding("UTF-8");
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(json);
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // the client went away or the response cannot be written: nothing more to say
        }
    }
}
