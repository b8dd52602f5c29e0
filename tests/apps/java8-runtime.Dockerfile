FROM maven:3-jdk-11 AS build
COPY . /usr/src/app
RUN mvn -f /usr/src/app/pom.xml clean package

FROM openjdk:8-jre-alpine
COPY --from=build /usr/src/app/target/service.jar /service.jar
CMD ["java", "-jar", "/service.jar"]
