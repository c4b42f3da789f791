package com.cspmarket.portal;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.servlet.ModelAndView;

import java.io.IOException;
import java.util.UUID;

/** What every page has: the user, a fresh request id for its forms, and how API refusals are shown. */
@ControllerAdvice
class PortalAdvice {

    @ModelAttribute("me")
    Me me(Authentication authentication) {
        return Me.of(authentication);
    }

    /** Sent back as MS-RequestId: the same form submitted twice (a double click, a reload) acts once. */
    @ModelAttribute("requestId")
    String requestId() {
        return UUID.randomUUID().toString();
    }

    /** The user's token expired: sign in again (silently while the identity provider's session lasts), then back. */
    @ExceptionHandler(Api.SignInAgain.class)
    void signInAgain(HttpServletRequest request, HttpServletResponse response) throws IOException {
        HttpSession session = request.getSession(false);
        if (session != null) {
            session.invalidate();
        }
        SecurityContextHolder.clearContext();
        response.sendRedirect(request.getContextPath() + "/oauth2/authorization/" + PortalSecurity.REGISTRATION);
    }

    /** A refusal on a page that has no form to show it next to: the API's own words, with its status. */
    @ExceptionHandler(ApiProblem.class)
    ModelAndView refused(ApiProblem problem, HttpServletResponse response, Authentication authentication) {
        ModelAndView view = new ModelAndView("refused");
        view.addObject("problem", problem);
        view.addObject("me", Me.of(authentication));
        view.setStatus(org.springframework.http.HttpStatus.valueOf(problem.status()));
        return view;
    }
}
