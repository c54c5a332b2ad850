// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
int main()
{
    return 0;
}
