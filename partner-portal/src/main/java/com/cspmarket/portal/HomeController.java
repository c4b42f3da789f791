package com.cspmarket.portal;

import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

@Controller
class HomeController {

    @GetMapping("/")
    String home(Authentication authentication) {
        Me me = Me.of(authentication);
        return "redirect:" + (me == null ? "/signed-out" : me.home());
    }

    @GetMapping("/signed-in")
    String signedIn() {
        return "signed-in";
    }

    @GetMapping("/signed-out")
    String signedOut() {
        return "signed-out";
    }
}
