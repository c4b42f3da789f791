package com.cspmarket.portal;

import org.springframework.http.HttpMethod;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The operator's page: the one business clock (move it forward to walk through a refund window, a renewal, the 8th)
 * and the status of every service's projections.
 */
@Controller
class OperatorController {

    static final List<String> SERVICES = List.of("catalog", "order", "subscription", "billing");

    private final Api api;

    OperatorController(Api api) {
        this.api = api;
    }

    @GetMapping("/operator")
    String operator(Model model) {
        model.addAttribute("clock", api.get("/admin/clock"));
        List<Map<String, Object>> projections = new ArrayList<>();
        for (String service : SERVICES) {
            try {
                for (Map<String, Object> status : api.list("/admin/{s}/projections", service)) {
                    Map<String, Object> row = new JsonObject(status);
                    row.put("service", service);
                    projections.add(row);
                }
            } catch (ApiProblem problem) {
                projections.add(Map.of("service", service, "error", problem.detail()));
            }
        }
        model.addAttribute("projections", projections);
        return "operator";
    }

    @PostMapping("/operator/clock")
    String moveClock(@RequestParam String now, @RequestParam String requestId, Model model, RedirectAttributes redirect) {
        String instant;
        try {
            instant = LocalDateTime.parse(now).toInstant(ZoneOffset.UTC).toString();
        } catch (DateTimeParseException e) {
            model.addAttribute("clockError", "Enter a date and time (UTC), e.g. 2026-12-08T00:00");
            return operator(model);
        }
        try {
            api.send(HttpMethod.PUT, "/admin/clock", Map.of("now", instant), requestId, null);
        } catch (ApiProblem problem) {
            model.addAttribute("clockError", problem.detail());
            return operator(model);
        }
        redirect.addFlashAttribute("flash", "The business clock is now " + instant + ".");
        return "redirect:/operator";
    }
}
