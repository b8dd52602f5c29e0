FROM alpine
RUN <<-EOF
	echo stripped
		echo two tabs
	EOF
RUN <<-'EOT' cat
  spaces are not stripped
  EOT
		EOT
RUN <<EOF
	EOF
EOF
COPY <<-EOF /x
	x
	 EOF
	EOF
