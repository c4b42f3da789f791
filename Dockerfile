# One image per service: docker build --build-arg SERVICE=catalog-service .  (after ./mvnw package -DskipTests)
FROM eclipse-temurin:17.0.15_6-jre
ARG SERVICE
RUN useradd --system --uid 10001 app && mkdir -p /app/data && chown app /app/data
WORKDIR /app
COPY ${SERVICE}/target/${SERVICE}-*-exec.jar /app/service.jar
USER app
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/service.jar"]
