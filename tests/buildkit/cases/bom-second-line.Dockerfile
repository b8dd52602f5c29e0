FROM alpine
﻿RUN echo bom is only stripped on line 1
