# Image of one provider worker (Spring Boot executable jar). Build from the repository root:
#   mvn -B -pl worker-aws -am package -DskipTests
#   docker build -f charts/images/worker.Dockerfile --build-arg PROVIDER=aws -t costfleet/worker-aws:0.1.0 .
# The chart runs it as uid 10001 with a read-only root filesystem (/tmp and the storage root are volumes)
# and passes JVM options through JAVA_TOOL_OPTIONS.
FROM eclipse-temurin:17-jre
ARG PROVIDER
RUN test -n "$PROVIDER" \
 && groupadd --system --gid 10001 costfleet \
 && useradd --system --uid 10001 --gid costfleet --home-dir /app --no-create-home costfleet
WORKDIR /app
COPY worker-${PROVIDER}/target/costfleet-worker-${PROVIDER}-exec.jar /app/app.jar
USER 10001:10001
EXPOSE 8080
ENTRYPOINT ["java", "-jar", "/app/app.jar"]
