# syntax=docker/dockerfile:1
# Builds one service of this repository: docker build --build-arg SERVICE=ticket-api .
ARG SERVICE=ticket-api

FROM eclipse-temurin:17-jdk AS build
ARG SERVICE
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -B -q -pl "${SERVICE}" -am -DskipTests -Dspotless.check.skip=true package \
 && cp "${SERVICE}"/target/"${SERVICE}"-*-exec.jar /app.jar

FROM eclipse-temurin:17-jre
RUN useradd --system --uid 10001 --no-create-home app
COPY --from=build /app.jar /app/app.jar
USER 10001
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/app.jar"]
