package com.cspmarket.kit;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.time.Instant;

/**
 * Demo and test only ({@code platform.clock.movable=true}): read and move the business clock; a moved clock stays
 * moved across a restart and reaches the service's other instances ({@link BusinessClockStore}). Switched at run time
 * ({@link OptionalEndpoints}): without the property, the path does not exist.
 */
@RestController
@RequestMapping("/admin/clock")
class ClockController {

    record ClockState(Instant now) {
    }

    record MoveClock(@NotNull Instant now) {
    }

    private final MovableClock clock;
    private final BusinessClockStore store;

    ClockController(MovableClock clock, BusinessClockStore store) {
        this.clock = clock;
        this.store = store;
    }

    @GetMapping
    ClockState now() {
        return new ClockState(clock.instant());
    }

    @PutMapping
    ClockState move(@Valid @RequestBody MoveClock request) {
        return new ClockState(store.moveTo(request.now()));
    }
}
