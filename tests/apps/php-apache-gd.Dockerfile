# PHP site on Apache with the gd extension.
FROM php:8.3-apache
MAINTAINER web team <web@example.com>
RUN apt-get update && apt-get install -y libpng-dev libjpeg-dev
RUN docker-php-ext-configure gd --with-jpeg && docker-php-ext-install gd pdo_mysql
ADD public/ /var/www/html/
RUN chown -R www-data:www-data /var/www/html
