# Express API installed with Yarn 1 on Alpine, single stage.
FROM node:20-alpine
RUN apk update && apk add git python3 make g++
WORKDIR /usr/src/app
COPY package.json yarn.lock ./
RUN yarn install --frozen-lockfile --production
COPY . .
EXPOSE 3000
CMD ["node", "src/index.js"]
