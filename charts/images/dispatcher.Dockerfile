# Image of the dispatcher (Quarkus fast-jar). Build from the repository root:
#   mvn -B -pl dispatcher -am package -DskipTests
#   docker build -f charts/images/dispatcher.Dockerfile -t costfleet/dispatcher:0.1.0 .
FROM eclipse-temurin:17-jre
RUN groupadd --system --gid 10001 costfleet \
 && useradd --system --uid 10001 --gid costfleet --home-dir /app --no-create-home costfleet
WORKDIR /app
COPY dispatcher/target/quarkus-app/lib/ /app/lib/
COPY dispatcher/target/quarkus-app/*.jar /app/
COPY dispatcher/target/quarkus-app/app/ /app/app/
COPY dispatcher/target/quarkus-app/quarkus/ /app/quarkus/
USER 10001:10001
EXPOSE 8080
ENTRYPOINT ["java", "-jar", "/app/quarkus-run.jar"]
